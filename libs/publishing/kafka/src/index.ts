export * from './topics';
export * from './kafka-publisher';
export * from './topic-bootstrapper';
export * from './event-publishing-loop';
export * from './kafka-publication';
