export * from './eventstoredb-event-store';
export * from './eventstoredb-mapping';
export * from './eventstoredb-connection-string';
export * from './eventstoredb-subscription';
