import { writeFileSync } from 'node:fs';
import { capabilityTable, renderConnectorsDoc } from '../src/connectors/capability-table.js';
import { createDefaultConnectorRegistry } from '../src/connectors/default-connectors.js';

// Writes docs/connectors.md from the connectors' declarations (`npm run docs:connectors`).
const doc = renderConnectorsDoc(capabilityTable(createDefaultConnectorRegistry({ env: 'test' }).all()));
writeFileSync(new URL('../docs/connectors.md', import.meta.url), doc);
