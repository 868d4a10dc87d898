import {
  ComboBox,
  FieldError,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Text,
  Button as AriaButton,
} from 'react-aria-components';

const ZONES: string[] =
  typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];
const ITEMS = ZONES.map((zone) => ({ id: zone, label: zone.replaceAll('_', ' ') }));

/** IANA time zones, searchable by typing ("New York", "Paris"). */
export function TimeZoneField({
  value,
  onChange,
  errorMessage,
  isReadOnly,
  description = 'Meeting times are shown in this zone.',
}: {
  value: string;
  onChange: (zone: string) => void;
  errorMessage?: string;
  isReadOnly?: boolean;
  /** What the zone is used for, said under the field. */
  description?: string;
}) {
  return (
    <ComboBox
      className="field"
      defaultItems={ITEMS}
      selectedKey={value || null}
      onSelectionChange={(key) => {
        if (key !== null) onChange(String(key));
      }}
      isInvalid={Boolean(errorMessage)}
      isReadOnly={isReadOnly}
      isRequired
      menuTrigger="focus"
    >
      <Label>
        Time zone<span aria-hidden="true"> *</span>
      </Label>
      <div className="combo">
        <Input />
        <AriaButton className="combo-button" aria-label="Show time zones">
          ▾
        </AriaButton>
      </div>
      <Text slot="description">{description}</Text>
      <FieldError>{errorMessage}</FieldError>
      <Popover className="popover">
        <ListBox className="listbox">
          {(item: { id: string; label: string }) => (
            <ListBoxItem id={item.id} className="listbox-item" textValue={item.label}>
              {item.label}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
}
