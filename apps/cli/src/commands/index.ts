/** Every command, in the order `prior --help` lists them. */
import type { CommandSpec } from '../framework/command.js';
import { dataCheck } from './data-check.js';
import { dataSynth } from './data-synth.js';
import { demoCommand } from './demo.js';
import { doctor } from './doctor.js';
import { embedCommand } from './embed.js';
import { evalCommand } from './eval.js';
import { heatmapCommand } from './heatmap.js';
import { pretrainCommand } from './pretrain.js';
import { reportCommand } from './report.js';
import { retrieveCommand } from './retrieve.js';
import { zeroShotCommand } from './zero-shot.js';

export const COMMANDS: CommandSpec[] = [doctor, dataSynth, dataCheck, pretrainCommand, evalCommand, embedCommand, zeroShotCommand, retrieveCommand, heatmapCommand, reportCommand, demoCommand];
