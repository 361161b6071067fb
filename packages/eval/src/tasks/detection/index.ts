/** Object detection: RSNA boxes, an FCOS-style head with NMS, box mAP over IoU 0.4–0.75, pictures. */
export { rsnaDetection, type BoxedImage, type DetectionData } from './data.js';
export { runDetection, DETECTION_RESAMPLES, type DetectionConfig, type DetectionRun } from './run.js';
export { predictBoxes } from './predict.js';
export { detectionPicture, type BoxTile } from './draw.js';
