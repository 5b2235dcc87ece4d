export * from './projection';
export * from './projected-event';
export * from './apply-batch';
export * from './projector';
export * from './rebuild';
