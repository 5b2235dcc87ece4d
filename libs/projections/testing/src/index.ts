export * from './projected-events';
export * from './fold-projection';
export * from './customer-history.arbitrary';
