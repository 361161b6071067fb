/** Image-to-text retrieval with same-class relevance: Precision@K over seeds. */
export { runRetrieval, retrievalScores, type RetrievalOptions, type RetrievalRun, type RetrievalExample } from './task.js';
