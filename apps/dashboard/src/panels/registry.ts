import { churnPanel } from './churn';
import { clvPanel } from './clv';
import { complaintsPanel } from './complaints';
import { customerLookupPanel } from './customer-lookup';
import type { Panel } from './panel';
import { retentionPanel } from './retention';
import { revenuePanel } from './revenue';
import { survivalPanel } from './survival';
import { tilesPanel } from './tiles';

/** Every panel of the page, in page order. A new panel is a module exporting a Panel, added here (docs/dashboard.md). */
export const PANELS: readonly Panel[] = [tilesPanel, retentionPanel, survivalPanel, churnPanel, clvPanel, revenuePanel, complaintsPanel, customerLookupPanel];
