export * from './read-store-checkpoint';
export * from './document-publishing-loop';
export * from './replay';
