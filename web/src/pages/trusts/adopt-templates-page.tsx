import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../components/button';
import { describedBy, FieldFrame } from '../../components/field';
import { Page, Section } from '../../components/page';
import { Empty, ErrorNotice, Loading } from '../../components/status';
import { formatDateTime } from '../../format';
import { adoptTemplate, fetchSchoolTemplates, type SchoolTemplates } from './trusts-api';

/**
 * A school's side of its trust's policy templates (SMT, the headteacher, admins): each version, adopted as
 * it is or adapted, becomes the school's new policy version and staff are asked to acknowledge it.
 */
export function AdoptTemplatesPage() {
  const templates = useQuery({
    queryKey: ['/api/trust-templates'],
    queryFn: ({ signal }) => fetchSchoolTemplates(signal),
  });
  return (
    <Page
      title="Trust policy templates"
      intro="Adopting a template publishes it as your school's new policy version; every member of staff is asked to acknowledge it."
    >
      {templates.isPending ? <Loading /> : null}
      {templates.isError ? (
        <ErrorNotice error={templates.error} title="The templates could not be read" />
      ) : null}
      {templates.data && !templates.data.trust ? <Empty>Your school is not in a trust.</Empty> : null}
      {templates.data?.trust && templates.data.templates.length === 0 ? (
        <Empty>{templates.data.trust.name} has published no template yet.</Empty>
      ) : null}
      {templates.data?.templates.map((template) => (
        <TemplateCard key={template.id} template={template} />
      ))}
    </Page>
  );
}

function TemplateCard({ template }: { template: SchoolTemplates['templates'][number] }) {
  const queryClient = useQueryClient();
  const [text, setText] = useState(template.text);
  const adopt = useMutation({
    mutationFn: () => adoptTemplate(template.id, text === template.text ? {} : { text }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['/api/trust-templates'] }),
  });
  return (
    <Section title={`Version ${template.label}`} id={`template-${template.id}`}>
      <p>Published {formatDateTime(template.publishedAt)}.</p>
      {template.adopted ? (
        <p>
          Adopted {formatDateTime(template.adopted.at)}
          {template.adopted.adapted ? ', adapted' : ', as it was'}.
        </p>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            adopt.mutate();
          }}
        >
          <FieldFrame label="Policy text" hint="Adapt it for your school here, or adopt it as it is.">
            {({ inputId, hintId }) => (
              <textarea
                id={inputId}
                aria-describedby={describedBy(hintId)}
                rows={12}
                value={text}
                onChange={(e) => setText(e.target.value)}
              />
            )}
          </FieldFrame>
          {adopt.isError ? <ErrorNotice error={adopt.error} title="The template was not adopted" /> : null}
          <Button type="submit" busy={adopt.isPending}>
            {text === template.text ? 'Adopt as it is' : 'Adopt as adapted'}
          </Button>
        </form>
      )}
    </Section>
  );
}
