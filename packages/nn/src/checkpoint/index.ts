export { CheckpointError } from './errors.js';
export { SAFE_DTYPES, type SafeDType } from './safetensors/dtypes.js';
export type { SafetensorsEntry, SafetensorsFile } from './safetensors/entry.js';
export { encodeSafetensors } from './safetensors/encode.js';
export { decodeSafetensors } from './safetensors/decode.js';
export { entryToTensor, tensorToEntry, type EntryToTensorOptions, type TensorToEntryOptions } from './safetensors/convert.js';
export { toSafetensors, fromSafetensors, type ToSafetensorsOptions, type NamedTensors } from './safetensors/tensors.js';
export { saveSafetensors, loadSafetensors } from './safetensors-file.js';
export { writeFileAtomic } from './file-io.js';
export {
  CHECKPOINT_FORMAT, packCheckpoint, unpackCheckpoint, restoreCheckpoint, disposeCheckpoint, saveCheckpoint, readCheckpoint, loadCheckpoint,
  type Checkpoint, type CheckpointParts, type RestoreTargets, type RestoreResult,
} from './checkpoint.js';
