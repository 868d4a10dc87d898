import { TextArea, TextInput } from '../../ui/fields';
import { TimeZoneField } from '../../ui/TimeZoneField';

/** What names and places a board, as typed (tumour sites as one comma-separated text). */
export interface BoardDetails {
  name: string;
  sites: string;
  institution: string;
  timezone: string;
  description: string;
}

export function splitSites(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((site) => site.trim())
    .filter(Boolean);
}

/** The request body's part for these details. */
export function boardDetailsBody(details: BoardDetails) {
  return {
    name: details.name.trim(),
    tumourSites: splitSites(details.sites),
    institution: details.institution.trim(),
    timezone: details.timezone,
    description: details.description.trim(),
  };
}

/** The board's name, tumour sites, institution, time zone and description, for creation and settings. */
export function BoardDetailsFields({
  value,
  onChange,
  errorOf,
  isReadOnly = false,
  sitesHint,
}: {
  value: BoardDetails;
  onChange: (next: BoardDetails) => void;
  errorOf: (field: string) => string | undefined;
  isReadOnly?: boolean;
  sitesHint: string;
}) {
  const set = (key: keyof BoardDetails) => (text: string) => onChange({ ...value, [key]: text });
  return (
    <>
      <TextInput
        label="Name"
        value={value.name}
        onChange={set('name')}
        isReadOnly={isReadOnly}
        isRequired
        errorMessage={errorOf('name')}
      />
      <TextInput
        label="Tumour sites"
        value={value.sites}
        onChange={set('sites')}
        isReadOnly={isReadOnly}
        description={sitesHint}
        errorMessage={errorOf('tumourSites')}
      />
      <TextInput
        label="Institution"
        value={value.institution}
        onChange={set('institution')}
        isReadOnly={isReadOnly}
        isRequired
        errorMessage={errorOf('institution')}
      />
      <TimeZoneField
        value={value.timezone}
        onChange={set('timezone')}
        isReadOnly={isReadOnly}
        errorMessage={errorOf('timezone')}
      />
      <TextArea
        label="Description"
        value={value.description}
        onChange={set('description')}
        isReadOnly={isReadOnly}
        rows={3}
        errorMessage={errorOf('description')}
      />
    </>
  );
}
