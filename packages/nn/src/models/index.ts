/** Models: ResNet (torchvision names), CLIP's AttentionPool2d, BERT (HuggingFace BertModel names). */
export { ResNet, BasicBlock, Bottleneck, resnet18, resnet34, resnet50, type ResNetOptions, type ResNetOutput } from './resnet.js';
export { AttentionPool2d } from './attention-pool.js';
export {
  BertModel,
  BertEmbeddings,
  BertSelfAttention,
  BertAttention,
  BertResidualOutput,
  BertIntermediate,
  BertLayer,
  BertEncoder,
  BertPooler,
  bertBaseConfig,
  type BertConfig,
  type BertInputs,
  type BertOutputs,
} from './bert.js';
