import { useState } from 'react';
import { fetchRegister, platformOptions, statusLabels } from '../../api/accounts';
import { SelectField } from '../../components/field';
import { Page } from '../../components/page';
import { Empty, ErrorNotice, Loading } from '../../components/status';
import { useAsync } from '../../use-async';
import { AccountTable } from './account-list';

/** `/accounts/register`: the whole register for managers and SMT; opens on the approval queue. */
export function AccountsRegisterPage() {
  const [status, setStatus] = useState('submitted');
  const [platform, setPlatform] = useState('');
  const register = useAsync(
    () => fetchRegister({ ...(status ? { status } : {}), ...(platform ? { platform } : {}) }),
    [status, platform],
  );
  return (
    <Page
      title="Accounts register"
      intro="Every school-sanctioned social media account, and the ones awaiting a decision."
    >
      <div className="filters">
        <SelectField label="Status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">Any status</option>
          {Object.entries(statusLabels).map(([id, label]) => (
            <option key={id} value={id}>
              {label}
            </option>
          ))}
        </SelectField>
        <SelectField label="Platform" value={platform} onChange={(e) => setPlatform(e.target.value)}>
          <option value="">Any platform</option>
          {platformOptions.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </SelectField>
      </div>
      {register.state === 'loading' ? <Loading /> : null}
      {register.state === 'error' ? (
        <ErrorNotice error={register.error} title="The register could not be loaded" />
      ) : null}
      {register.state === 'ready' && register.data.items.length === 0 ? (
        <Empty>No accounts match.</Empty>
      ) : null}
      {register.state === 'ready' && register.data.items.length > 0 ? (
        <AccountTable caption="Accounts register" accounts={register.data.items} showOwners />
      ) : null}
    </Page>
  );
}
