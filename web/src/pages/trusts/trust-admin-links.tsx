import { linkTo } from '../../../../src/shared/links';
import { Link } from '../../router';

/**
 * The trust admin's pages, one from another: the dashboard, the schools, the people holding trust roles,
 * and the policy templates (a section of the dashboard page, where templates are published and followed).
 */
export function TrustAdminLinks({ trustId }: { trustId: string }) {
  const links = [
    { to: linkTo('trustDashboard', { id: trustId }), label: 'Dashboard' },
    { to: linkTo('trustSchools', { id: trustId }), label: 'Schools' },
    { to: linkTo('trustPeople', { id: trustId }), label: 'People with trust roles' },
    { to: `${linkTo('trustDashboard', { id: trustId })}#trust-templates`, label: 'Policy templates' },
  ];
  return (
    <nav aria-label="Trust administration" className="trust-admin-links">
      <ul>
        {links.map((link) => (
          <li key={link.label}>
            <Link to={link.to}>{link.label}</Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
