export * from './open-stores';
export * from './lifeline-runtime';
export * from './tokens';
export * from './projector-thread';
