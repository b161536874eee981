import { api } from './client';

/** The school's posting settings (GET/PUT /api/posts/school-settings; SMT, headteacher and admin). */
export interface PostingSettings {
  /** Keep each photo's original upload, sealed, beside the re-encoded copy without metadata. */
  keepPhotoOriginals: boolean;
  updatedAt: string | null;
}

export function fetchPostingSettings(signal?: AbortSignal): Promise<PostingSettings> {
  return api.get<PostingSettings>('/api/posts/school-settings', signal ? { signal } : {});
}

export function savePostingSettings(settings: { keepPhotoOriginals: boolean }): Promise<PostingSettings> {
  return api.put<PostingSettings>('/api/posts/school-settings', { json: settings });
}
