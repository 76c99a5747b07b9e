import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client } from './client';
import { unwrap } from './errors';
import type { UpdateWorkspace } from './types';

export const WORKSPACE_KEY = ['workspace'] as const;

export function useWorkspaceQuery() {
  return useQuery({ queryKey: WORKSPACE_KEY, queryFn: () => unwrap(client.GET('/api/v1/workspace')) });
}

/** Saves workspace fields; the header and onboarding read the same data, so both refresh. */
export function useUpdateWorkspace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateWorkspace) => unwrap(client.PATCH('/api/v1/workspace', { body })),
    onSuccess: (workspace) => {
      queryClient.setQueryData(WORKSPACE_KEY, workspace);
      void queryClient.invalidateQueries({ queryKey: ['me'] });
    },
  });
}
