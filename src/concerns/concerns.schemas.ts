import { z } from 'zod';
import { binary } from '../platform/http/response-schemas.js';

/** What crosses the wire from the concerns routes, beside the schemas still kept in concerns.routes.ts. */

/**
 * `GET /api/concerns/pupils/:pupilId/chronology`: JSON (the pupil and each concern in full) or, with
 * `?format=pdf`, the same as PDF. Takes the concern detail schema the concern route answers with.
 */
export function pupilChronologyResponse<Detail extends z.ZodType>(concernDetail: Detail) {
  return {
    description: "The pupil's chronology: JSON, or PDF when asked for",
    content: {
      'application/json': {
        schema: z.object({
          pupil: z.object({ id: z.string(), name: z.string(), dateOfBirth: z.string().nullable() }),
          concerns: z.array(concernDetail),
        }),
      },
      'application/pdf': { schema: binary },
    },
  };
}
