/**
 * Audit events of kept photo originals (merged into the platform's AuditEvent union). `data` holds ids and
 * the setting's values: never the photo, its location or its camera details.
 */
export type PhotoOriginalAuditEvent =
  | {
      type: 'post.school_settings_changed';
      subject: { type: 'school'; id: string };
      data: { keepPhotoOriginals: boolean; previous: boolean };
    }
  | {
      type: 'post.photo_original_viewed';
      subject: { type: 'post'; id: string };
      data: { photoId: string };
    };
