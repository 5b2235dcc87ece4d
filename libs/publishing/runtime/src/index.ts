export * from './read-store-checkpoint';
export * from './document-publishing-loop';
export * from './replay';
export * from './clv-publishing-loop';
export * from './retention-publishing-loop';
export * from './polling-loop';
