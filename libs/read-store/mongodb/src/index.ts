export * from './mongo-read-model-store';
export { dataCollectionName, redactMongoUrl } from './mongo-query';
