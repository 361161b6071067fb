/** A model method was asked for something its configuration does not have. */
export class ModelError extends Error {
  override name = 'ModelError';
}
