// Kept so branches written before the move (issue 12) still compile when merged; nothing in main imports
// it any more: delete once they have landed. The helpers live in platform/calendar, below every domain.
export * from '../platform/calendar/dates.js';
