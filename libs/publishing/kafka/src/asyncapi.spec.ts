import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ACQUISITION_CHANNELS,
  CHURN_REASONS,
  COMPLAINT_CATEGORIES,
  COMPLAINT_SEVERITIES,
  CONSENT_CHANNELS,
  CONSENT_PURPOSES,
  CONTACT_CHANNELS,
  CONTACT_DIRECTIONS,
  CUSTOMER_EVENT_TYPES,
  CURRENT_SCHEMA_VERSION,
} from '@lifeline/customers/domain';
import { cloudEventType } from '@lifeline/publishing/cloudevents';
import { lifelineTopics } from './topics';

// docs/asyncapi.yaml is hand-written for consumers; this keeps it from drifting from the code.
const spec = readFileSync(join(__dirname, '../../../../docs/asyncapi.yaml'), 'utf8');

describe('docs/asyncapi.yaml', () => {
  it('is an AsyncAPI 3.0 document', () => {
    expect(spec).toMatch(/^asyncapi: 3\.0\.0$/m);
  });

  it.each(lifelineTopics().map((t) => [t.topic, t.compacted] as const))('describes topic %s with its cleanup policy', (topic, compacted) => {
    expect(spec).toContain(`address: ${topic}`);
    const binding = spec.slice(spec.indexOf(`address: ${topic}`)).match(/cleanup\.policy: \[(\w+)\]/);
    expect(binding?.[1]).toBe(compacted ? 'compact' : 'delete');
  });

  it.each(CUSTOMER_EVENT_TYPES)('has a message for %s under its CloudEvents type', (type) => {
    const ceType = cloudEventType(type, CURRENT_SCHEMA_VERSION);
    expect(spec).toContain(`title: ${ceType}`);
    expect(spec).toContain(`ce_type: { const: ${ceType} }`);
    expect(spec).toContain(`${type}Data:`);
  });

  it.each([
    ['acquisitionChannel', ACQUISITION_CHANNELS],
    ['direction', CONTACT_DIRECTIONS],
    ['category', COMPLAINT_CATEGORIES],
    ['severity', COMPLAINT_SEVERITIES],
    ['reason', CHURN_REASONS],
  ] as const)('lists exactly the domain values of %s', (field, values) => {
    expect(spec).toContain(`${field}: { enum: [${values.join(', ')}] }`);
  });

  it('lists exactly the domain contact channels', () => {
    expect(spec).toContain(`ContactChannel:\n      enum: [${CONTACT_CHANNELS.join(', ')}]`);
  });

  it('lists exactly the domain consent purposes and channels', () => {
    expect(spec).toContain(`ConsentPurpose:\n      enum: [${CONSENT_PURPOSES.join(', ')}]`);
    expect(spec).toContain(`ConsentChannel:\n      enum: [${CONSENT_CHANNELS.join(', ')}]`);
  });
});
