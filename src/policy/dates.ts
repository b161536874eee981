// The date helpers live in platform/calendar so the platform's clock can use them without importing a
// domain; policy's callers keep this path so the move touches no other domain's files.
export * from '../platform/calendar/dates.js';
