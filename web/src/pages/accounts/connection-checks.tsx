import type { Connection } from '../../api/connections';
import { formatDateTime } from '../../format';

type ProfileCheck = Connection['profileCheck'];
type DirectMessages = Connection['directMessages'];

const fieldNames: Record<NonNullable<ProfileCheck['lastChange']>['fields'][number], string> = {
  display_name: 'display name',
  bio: 'bio',
  avatar: 'profile picture',
  links: 'links',
};

const aupPlaces: Record<NonNullable<NonNullable<ProfileCheck['aupLink']>['foundIn']>, string> = {
  bio: 'in the bio',
  link: 'in a website or link field',
  verified_link: 'in a link field the platform has verified',
};

const whoMayMessage: Record<NonNullable<DirectMessages['lastCheck']>['setting'], string> = {
  all: 'anyone can start a private chat with the account',
  following: 'only accounts it follows can start a private chat with it',
  none: 'nobody can start a private chat with the account',
};

/** `the bio`, `the bio and links`, `the display name, bio and links`. */
function listOf(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/**
 * What the platform's own API last showed of the account, in plain sentences, each with the clause it
 * answers: the daily profile check (the AUP link, clause 2.8; an official school email, clause 2.1; the
 * last change) and, where the platform lets Guardpost read it, who may message the account (clause 2.7).
 */
export function ConnectionChecks({
  connection,
  platformName,
}: {
  connection: Connection;
  platformName: string;
}) {
  if (!connection.connectable && !connection.profileCheck.readable) return null;
  const { profileCheck: profile, directMessages } = connection;
  const next = formatDateTime(profile.nextCheckAt);
  return (
    <div className="connection-checks" id="connection-checks">
      <h3>What the platform shows</h3>
      {profile.lastReadAt === null ? (
        <NeverRead
          readable={profile.readable}
          connected={connection.status === 'connected'}
          platformName={platformName}
          next={next}
        />
      ) : (
        <ul aria-label="The profile check">
          <li>
            {`The profile was last read through ${platformName}’s API on ${formatDateTime(profile.lastReadAt)}. The next daily check runs at ${next}.`}
          </li>
          {profile.aupLink ? (
            <li>
              {profile.aupLink.found
                ? `The link to the ICT Acceptable Use Policy was found ${profile.aupLink.foundIn ? aupPlaces[profile.aupLink.foundIn] : 'on the profile'}`
                : 'The link to the ICT Acceptable Use Policy was not found on the profile: add it to the bio or a link field'}{' '}
              (clause 2.8).
            </li>
          ) : null}
          {profile.officialEmail ? (
            <li>
              {profile.officialEmail.found
                ? 'An official school email address was found on the profile'
                : 'No official school email address was found on the profile'}{' '}
              (clause 2.1).
            </li>
          ) : null}
          <li>
            {profile.lastChange
              ? `The last change was recorded on ${formatDateTime(profile.lastChange.at)}: the ${listOf(profile.lastChange.fields.map((f) => fieldNames[f]))} changed.`
              : 'No change has been recorded since the profile was first read.'}
          </li>
        </ul>
      )}
      {directMessages.readable ? <DirectMessageResult directMessages={directMessages} /> : null}
    </div>
  );
}

function NeverRead({
  readable,
  connected,
  platformName,
  next,
}: {
  readable: boolean;
  connected: boolean;
  platformName: string;
  next: string;
}) {
  if (!readable)
    return (
      <p>
        Guardpost cannot read the account’s profile through {platformName}’s API, so the daily check (next at{' '}
        {next}) cannot look for the link to the ICT Acceptable Use Policy (clause 2.8) or an official school
        email address (clause 2.1): check them on the platform by hand.
      </p>
    );
  return (
    <p>
      The profile has not been read yet. Guardpost can read it through {platformName}’s API: the daily check
      runs next at {next}
      {connected ? '' : ', once the account is connected,'} and looks for the link to the ICT Acceptable Use
      Policy (clause 2.8) and an official school email address (clause 2.1).
    </p>
  );
}

function DirectMessageResult({ directMessages }: { directMessages: DirectMessages }) {
  const last = directMessages.lastCheck;
  if (!last)
    return (
      <p id="connection-direct-messages">
        Who may send the account private messages has not been read yet; the daily check reads it through the
        platform (clause 2.7).
      </p>
    );
  return (
    <p id="connection-direct-messages">
      On {formatDateTime(last.checkedAt)} the platform said {whoMayMessage[last.setting]}:{' '}
      {last.studentsCanMessage
        ? 'students could message it, which clause 2.7 does not allow. Turn incoming messages off.'
        : 'students cannot message it (clause 2.7).'}
    </p>
  );
}
