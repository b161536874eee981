import { useQuery } from '@tanstack/react-query';
import { blockListsQuery } from '../../api/queries';
import { Banner } from '../../components/banner';
import { Link } from '../../router';
import { can, useMe } from '../../session';

/**
 * On the overview, for whoever manages the checks: while no block list is loaded, ticked categories block
 * nothing (clause 2.5), and the settings page looking switched on must not hide that.
 */
export function BlockListWarning() {
  const me = useMe();
  const manages = can(me, 'checks.settings');
  const state = useQuery({ ...blockListsQuery(), enabled: manages });
  if (!manages || !state.isSuccess) return null;
  const enabled = state.data.categories.filter((c) => c.enabled);
  if (enabled.length === 0 || enabled.some((c) => c.loaded)) return null;
  return (
    <Banner tone="warning" title="Links to unsafe sites are not blocked yet">
      <p>
        No block list is loaded, so links to adult, gambling or other blocked sites pass the checks (clause
        2.5). Load the lists with <code>guardpost lists update</code>, then see their state on{' '}
        <Link to="/checks/settings">Check settings</Link>.
      </p>
    </Banner>
  );
}
