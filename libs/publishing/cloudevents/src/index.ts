export * from './cloud-event';
export * from './kafka-binding';
