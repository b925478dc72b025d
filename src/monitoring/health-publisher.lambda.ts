/**
 * Health publisher: the Lambda a schedule runs to publish whether each
 * monitored connection and host is AVAILABLE (see handler/publish.ts).
 */
import { publishHealth } from './handler/publish';

export const handler = publishHealth;
