import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { appRoutes } from '../../../../src/shared/links';
import { Button } from '../../components/button';
import { SelectField } from '../../components/field';
import { Page } from '../../components/page';
import { Badge, ErrorNotice, Loading } from '../../components/status';
import { Link } from '../../router';
import {
  complianceKeys,
  fetchStaffCompliance,
  fetchStaffUseSettings,
  saveStaffUseSettings,
} from './compliance-api';
import './personal-use.css';

/**
 * SMT, the headteacher and admins see who has kept section 1 this period: policy acknowledged, privacy
 * settings confirmed, followers checked. Never which settings, which followers or which matches.
 */
export function CompliancePage() {
  const report = useQuery({
    queryKey: complianceKeys.report,
    queryFn: ({ signal }) => fetchStaffCompliance(signal),
  });
  return (
    <Page
      title="Staff personal use"
      intro="Who has read the current policy, confirmed their privacy settings and checked their followers this period. Their answers and lists stay private."
      actions={<Link to={appRoutes.staffHandovers}>Leavers’ handovers</Link>}
    >
      {report.isPending ? <Loading /> : null}
      {report.isError ? <ErrorNotice error={report.error} title="Completion could not be loaded" /> : null}
      {report.isSuccess ? (
        <>
          <section className="card" aria-labelledby="completion-heading">
            <h2 id="completion-heading">Completion, {report.data.periodLabel}</h2>
            <dl className="facts">
              <div>
                <dt>Policy acknowledged</dt>
                <dd>{report.data.percentages.policyAcknowledged}%</dd>
              </div>
              <div>
                <dt>Privacy settings confirmed</dt>
                <dd>{report.data.percentages.privacyAttested}%</dd>
              </div>
              <div>
                <dt>Followers checked</dt>
                <dd>{report.data.percentages.selfAudited}%</dd>
              </div>
            </dl>
          </section>
          <section className="card" aria-labelledby="by-person-heading">
            <h2 id="by-person-heading">By person ({report.data.total})</h2>
            <div className="table-scroll">
              <table className="compliance-table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Policy</th>
                    <th scope="col">Privacy</th>
                    <th scope="col">Followers</th>
                  </tr>
                </thead>
                <tbody>
                  {report.data.staff.map((s) => (
                    <tr key={s.staffId}>
                      <th scope="row">{s.name}</th>
                      <td>
                        {s.policyAcknowledged ? (
                          <Badge tone="good">Done</Badge>
                        ) : (
                          <Badge tone="warn">Not yet</Badge>
                        )}
                      </td>
                      <td>
                        {s.privacyPlatforms > 0 ? (
                          <Badge tone="good">{`${s.privacyPlatforms} platform${s.privacyPlatforms === 1 ? '' : 's'}`}</Badge>
                        ) : (
                          <Badge tone="warn">Not yet</Badge>
                        )}
                      </td>
                      <td>
                        {s.selfAudited ? <Badge tone="good">Done</Badge> : <Badge tone="warn">Not yet</Badge>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      ) : null}
      <PeriodSetting />
    </Page>
  );
}

function PeriodSetting() {
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: complianceKeys.settings,
    queryFn: ({ signal }) => fetchStaffUseSettings(signal),
  });
  const [period, setPeriod] = useState<'term' | 'year' | null>(null);
  const save = useMutation({
    mutationFn: saveStaffUseSettings,
    onSuccess: async (data) => {
      queryClient.setQueryData(complianceKeys.settings, data);
      await queryClient.invalidateQueries({ queryKey: complianceKeys.report });
    },
  });
  if (!settings.isSuccess) return null;
  const value = period ?? settings.data.attestationPeriod;
  return (
    <section className="card" aria-labelledby="period-heading">
      <h2 id="period-heading">How often staff confirm</h2>
      <SelectField
        label="Privacy settings and follower checks are asked for"
        name="attestationPeriod"
        value={value}
        onChange={(e) => {
          setPeriod(e.target.value as 'term' | 'year');
          save.reset();
        }}
      >
        <option value="term">Each term</option>
        <option value="year">Each school year</option>
      </SelectField>
      {save.isError ? <ErrorNotice error={save.error} title="Not saved" /> : null}
      {save.isSuccess ? <p role="status">Saved.</p> : null}
      <Button busy={save.isPending} onClick={() => save.mutate({ attestationPeriod: value })}>
        Save
      </Button>
    </section>
  );
}
