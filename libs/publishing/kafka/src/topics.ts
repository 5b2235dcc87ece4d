/** Kafka topics Lifeline writes. The `.v1` suffix changes only with an incompatible envelope. */
export const CUSTOMER_EVENTS_TOPIC = 'lifeline.customer-events.v1';

/**
 * Read-model documents, keyed by document id, on compacted topics: a consumer that reads a
 * topic from the beginning gets the latest state of every document. Keys are projection names.
 */
export const DEFAULT_DOCUMENT_TOPICS: Readonly<Record<string, string>> = {
  'customer-profiles': 'lifeline.customer-profiles.v1',
  'customer-clv': 'lifeline.customer-clv.v1',
  retention: 'lifeline.retention.v1',
};

export interface TopicSpec {
  readonly topic: string;
  /** Compacted topics keep the last message per key; tombstones (null values) delete it. */
  readonly compacted: boolean;
}

export function lifelineTopics(documentTopics: Readonly<Record<string, string>> = DEFAULT_DOCUMENT_TOPICS): TopicSpec[] {
  return [
    { topic: CUSTOMER_EVENTS_TOPIC, compacted: false },
    ...Object.values(documentTopics).map((topic) => ({ topic, compacted: true })),
  ];
}
