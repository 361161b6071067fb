export { LRScheduler, SchedulerError, type ScheduleInterval, type SchedulerOptions, type SchedulerState } from './scheduler.js';
export { WarmupCosineLR, type WarmupCosineOptions } from './warmup-cosine.js';
export { StepLR, type StepLROptions } from './step.js';
export { ConstantLR, type ConstantLROptions } from './constant.js';
