import { type ApiBody, type ApiResponse, api } from './client';

/** The school's posting settings (GET/PUT /api/posts/school-settings; SMT, headteacher and admin). */
export type PostingSettings = ApiResponse<'/api/posts/school-settings'>;

export function fetchPostingSettings(signal?: AbortSignal) {
  return api.get('/api/posts/school-settings', signal ? { signal } : {});
}

export function savePostingSettings(settings: ApiBody<'/api/posts/school-settings', 'put'>) {
  return api.put('/api/posts/school-settings', { json: settings });
}
