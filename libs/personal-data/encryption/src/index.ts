export * from './personal-field-cipher';
export * from './key-cache';
export * from './encrypting-event-store';
