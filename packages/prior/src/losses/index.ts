export { clipLoss } from './clip.js';
export { localCrossAttention, type LocalAttention, type LocalAttentionInputs } from './local-attention.js';
export { simsiamLoss } from './simsiam.js';
export { sentenceInfoNCE } from './sentence-infonce.js';
export { gumbelSoftmax, gumbelNoise, type GumbelSoftmaxOptions } from './gumbel-softmax.js';
export { assignPrototypes, prototypeLoss, type PrototypeAssignment } from './prototypes.js';
export {
  matchSentences,
  sentenceMatching,
  gatherMatched,
  pairWeights,
  l1CostMatrix,
  type SentenceMatching,
} from './sentence-matching.js';
export { spgLoss } from './spg.js';
export { klLoss, prototypeKL } from './prototype-kl.js';
export { gpaLoss, arrangeMatched, type SentencePool } from './gpa.js';
export { imageReconstructionLoss } from './image-reconstruction.js';
export { sentenceMask } from './checks.js';
