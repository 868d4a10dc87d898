import { useEffect, useState } from 'react';
import { Controller, useForm, type ControllerRenderProps } from 'react-hook-form';
import { maySearchImaging, mayEditCase } from '@app/contracts';
import { boardActor } from '../../api/board-queries';
import { useMe } from '../../api/context';
import { ApiError, errorMessage } from '../../api/errors';
import type { CaseRecordView, Schemas } from '../../api/types';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError, SelectField, SubmitForm, TextInput } from '../../ui/fields';
import { Empty, Loading } from '../../ui/states';
import { calendarDate } from '../../ui/time';
import {
  useBoardImagingSource,
  useImagingSources,
  useLinkStudy,
  useStudySearch,
  STUDY_SEARCH_PAGE,
  type StudyMatch,
  type StudySearch,
} from './queries';
import './link-study.css';

/** The search form as typed. */
export interface SearchValues {
  sourceId: string;
  patientId: string;
  accessionNumber: string;
  studyDateFrom: string;
  studyDateTo: string;
  modality: string;
}

const EMPTY: SearchValues = {
  sourceId: '',
  patientId: '',
  accessionNumber: '',
  studyDateFrom: '',
  studyDateTo: '',
  modality: '',
};

/** The server's StudySearchDto rules, worded for the form. */
const PATIENT_ID = /^[A-Za-z0-9 ._\-^*?/]+$/;
const ACCESSION = /^[A-Za-z0-9 ._\-/*?]+$/;
const MODALITY = /^[A-Za-z]{2,4}$/;
const NEED_ONE = 'Search by patient id, accession number or a study date range.';

/** The form's values as the server takes them: trimmed, empty ones left out, modality upper-case. */
export function searchOf(values: SearchValues): StudySearch {
  const search: StudySearch = {};
  for (const name of Object.keys(EMPTY) as Array<keyof SearchValues>) {
    const value = values[name].trim();
    if (value) search[name] = name === 'modality' ? value.toUpperCase() : value;
  }
  return search;
}

/** A text field bound to the form; `also` runs on each change (to clear a form-wide message). */
function bind<Name extends keyof SearchValues>(
  field: ControllerRenderProps<SearchValues, Name>,
  also?: () => void,
) {
  return {
    name: field.name,
    value: field.value,
    onBlur: field.onBlur,
    inputRef: field.ref,
    onChange: (value: string) => {
      also?.();
      field.onChange(value);
    },
  };
}

/** What the whole form cannot be, beyond each field's own rules (the server's cross-field rules). */
function formProblem(values: SearchValues): { field: keyof SearchValues; message: string } | null {
  const { patientId, accessionNumber, studyDateFrom, studyDateTo } = searchOf(values);
  if (!patientId && !accessionNumber && !studyDateFrom && !studyDateTo)
    return { field: 'patientId', message: NEED_ONE };
  if (studyDateFrom && studyDateTo && studyDateFrom > studyDateTo)
    return { field: 'studyDateTo', message: 'The end date must not be before the start date.' };
  return null;
}

/** What a failed search or link means for the person using the dialog. */
export function pacsProblem(error: unknown, doing: 'search' | 'link'): string {
  if (error instanceof ApiError) {
    if (error.status === 502)
      return `The PACS did not answer ${doing === 'search' ? 'the search' : 'when asked for the study'}, or answered with an error (${error.message}). Try again in a moment; if it keeps failing, tell your administrator.`;
    if (error.status === 504)
      return doing === 'search'
        ? 'The PACS took too long to answer. Narrow the search (a patient id, or a shorter date range) or try again in a moment.'
        : 'The PACS took too long to answer. Try linking the study again in a moment.';
    if (error.status === 409) return 'This study is already linked to the case.';
    if (error.status === 404 && doing === 'link')
      return 'The PACS no longer has this study, or the case is no longer open to you.';
    if (error.status === 429)
      return 'Too many imaging requests are waiting. Wait a moment and try again.';
  }
  return errorMessage(error);
}

/** The server's field messages, by the form's field names (a 400 that names fields). */
function fieldRefusals(error: unknown): Array<[keyof SearchValues, string]> {
  if (!(error instanceof ApiError) || error.status !== 400) return [];
  return (Object.keys(EMPTY) as Array<keyof SearchValues>).flatMap((name) => {
    const messages = error.fieldMessages(name);
    return messages.length > 0 ? [[name, messages.join(' ')] as [keyof SearchValues, string]] : [];
  });
}

/** Whether the signed-in person may search the PACS for this case, and link what they find. */
export function useStudyLinkRights(
  role: Schemas['BoardRole'] | null,
  presenterId: string | null,
): { maySearch: boolean; mayLink: boolean } {
  const me = useMe();
  const actor = boardActor(me, role);
  return {
    maySearch: maySearchImaging(actor, me.id, presenterId),
    mayLink: mayEditCase(actor, me.id, presenterId),
  };
}

/**
 * "Link a study from the PACS" on the case screen: a button for the case's presenter, the chair
 * and coordinators (the server's rule), opening the search dialog. Linking needs edit rights on an
 * open case; a chair who does not present the case may search but not link.
 */
export function LinkStudyFromPacs({
  caseId,
  boardId,
  role,
  presenterId,
  caseOpen,
  linkedStudyUids,
  onLinked,
}: {
  caseId: string;
  /** The case's board, whose imaging source the search starts on. */
  boardId: string;
  role: Schemas['BoardRole'] | null;
  presenterId: string | null;
  /** The case still takes records (not published or withdrawn). */
  caseOpen: boolean;
  linkedStudyUids: readonly string[];
  onLinked: (record: CaseRecordView) => void;
}) {
  const { maySearch, mayLink } = useStudyLinkRights(role, presenterId);
  const [open, setOpen] = useState(false);
  if (!maySearch || !caseOpen) return null;
  return (
    <div>
      <Button variant="secondary" onPress={() => setOpen(true)}>
        Link a study from the PACS
      </Button>
      {open ? (
        <StudySearchDialog
          caseId={caseId}
          boardId={boardId}
          mayLink={mayLink}
          linkedStudyUids={linkedStudyUids}
          onLinked={onLinked}
          onClose={() => setOpen(false)}
        />
      ) : null}
    </div>
  );
}

/**
 * The PACS search for a case, its results, and "Link" per study found. With several sources, the
 * search starts on the board's source and may name another.
 */
export function StudySearchDialog({
  caseId,
  boardId,
  mayLink,
  linkedStudyUids,
  onLinked,
  onClose,
}: {
  caseId: string;
  boardId: string;
  mayLink: boolean;
  linkedStudyUids: readonly string[];
  onLinked: (record: CaseRecordView) => void;
  onClose: () => void;
}) {
  const sources = useImagingSources();
  const [search, setSearch] = useState<StudySearch | null>(null);
  const results = useStudySearch(caseId, search);
  const [linkedNow, setLinkedNow] = useState<string[]>([]);
  const [linkProblem, setLinkProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const link = useLinkStudy(caseId, (record) => {
    onLinked(record);
  });
  const form = useForm<SearchValues>({ defaultValues: EMPTY, mode: 'onSubmit' });
  const { control, handleSubmit, setError, clearErrors, formState } = form;
  const [formMessage, setFormMessage] = useState<string | null>(null);

  const sourceList = sources.data ?? [];
  const several = sourceList.length > 1;
  const boardSource = useBoardImagingSource(boardId, several);
  // The board's source; until it is known, a search naming none goes to it on the server anyway.
  const boardSourceId = boardSource.data?.source?.id ?? null;

  const submit = handleSubmit((values) => {
    setFormMessage(null);
    setDone(null);
    setLinkProblem(null);
    const problem = formProblem(values);
    if (problem) {
      if (problem.message === NEED_ONE) setFormMessage(NEED_ONE);
      else setError(problem.field, { message: problem.message });
      return;
    }
    const next = searchOf(values);
    if (several && !next.sourceId && boardSourceId) next.sourceId = boardSourceId;
    if (search && JSON.stringify(search) === JSON.stringify(next)) void results.refetch();
    else setSearch(next);
  });

  const matches = results.data?.pages.flat();
  const refusals = fieldRefusals(results.error);
  // A refusal that names fields is shown under them; any other failure under the form.
  const searchRefused = refusals.length > 0 ? null : results.error;
  useEffect(() => {
    for (const [name, message] of fieldRefusals(results.error)) setError(name, { message });
  }, [results.error, setError]);

  const linkStudy = async (match: StudyMatch) => {
    setLinkProblem(null);
    setDone(null);
    try {
      await link.mutateAsync({
        sourceId: match.sourceId,
        studyInstanceUid: match.studyInstanceUid,
      });
      setLinkedNow((uids) => [...uids, match.studyInstanceUid]);
      setDone(`“${studyName(match)}” was linked to the case; it is now in the records.`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409)
        setLinkedNow((uids) => [...uids, match.studyInstanceUid]);
      setLinkProblem(pacsProblem(error, 'link'));
    }
  };

  const isLinked = (uid: string) => linkedStudyUids.includes(uid) || linkedNow.includes(uid);

  return (
    <Dialog
      title="Link a study from the PACS"
      size="wide"
      isOpen
      onOpenChange={(isOpen) => {
        if (!isOpen && !link.isPending) onClose();
      }}
    >
      <div className="stack">
        <p className="muted small">
          Search the PACS for the patient's studies, then link the one to discuss. The images stay
          in the PACS; the case keeps a reference the imaging viewer opens.
        </p>
        <SubmitForm onSubmit={submit} aria-label="Search the PACS">
          <div className="form-grid">
            {several ? (
              <Controller
                control={control}
                name="sourceId"
                render={({ field, fieldState }) => (
                  <SelectField
                    label="Source"
                    options={sourceList.map((source) => ({
                      id: source.id,
                      label:
                        source.id === boardSourceId
                          ? `${source.name} (this board's source)`
                          : source.name,
                    }))}
                    value={field.value || boardSourceId}
                    onChange={field.onChange}
                    errorMessage={fieldState.error?.message}
                  />
                )}
              />
            ) : null}
            <Controller
              control={control}
              name="patientId"
              rules={{
                maxLength: { value: 64, message: 'A patient id has at most 64 characters.' },
                validate: (value) =>
                  !value.trim() ||
                  PATIENT_ID.test(value.trim()) ||
                  'A patient id may hold letters, digits, spaces, . _ - ^ / and the wildcards * and ?.',
              }}
              render={({ field, fieldState }) => (
                <TextInput
                  label="Patient id"
                  {...bind(field, () => setFormMessage(null))}
                  errorMessage={fieldState.error?.message}
                  description="As the PACS knows the patient; * and ? as wildcards."
                />
              )}
            />
            <Controller
              control={control}
              name="accessionNumber"
              rules={{
                maxLength: { value: 16, message: 'An accession number has at most 16 characters.' },
                validate: (value) =>
                  !value.trim() ||
                  ACCESSION.test(value.trim()) ||
                  'An accession number may hold letters, digits, spaces, . _ - / and the wildcards * and ?.',
              }}
              render={({ field, fieldState }) => (
                <TextInput
                  label="Accession number"
                  {...bind(field, () => setFormMessage(null))}
                  errorMessage={fieldState.error?.message}
                />
              )}
            />
            <Controller
              control={control}
              name="studyDateFrom"
              render={({ field, fieldState }) => (
                <TextInput
                  label="Study date from"
                  type="date"
                  {...bind(field, () => setFormMessage(null))}
                  errorMessage={fieldState.error?.message}
                />
              )}
            />
            <Controller
              control={control}
              name="studyDateTo"
              render={({ field, fieldState }) => (
                <TextInput
                  label="Study date to"
                  type="date"
                  {...bind(field, () => {
                    setFormMessage(null);
                    clearErrors('studyDateTo');
                  })}
                  errorMessage={fieldState.error?.message}
                />
              )}
            />
            <Controller
              control={control}
              name="modality"
              rules={{
                validate: (value) =>
                  !value.trim() ||
                  MODALITY.test(value.trim()) ||
                  'Enter a DICOM modality code of 2 to 4 letters, such as CT, MR or PT.',
              }}
              render={({ field, fieldState }) => (
                <TextInput
                  label="Modality"
                  {...bind(field)}
                  maxLength={4}
                  errorMessage={fieldState.error?.message}
                  description="Optional: CT, MR, PT, US, MG…"
                />
              )}
            />
          </div>
          <FormError message={formMessage} />
          <div>
            <Button
              type="submit"
              variant="primary"
              isPending={
                (results.isFetching && !results.isFetchingNextPage) || formState.isSubmitting
              }
            >
              Search
            </Button>
          </div>
        </SubmitForm>
        <section aria-label="Studies found" className="stack">
          {search === null ? null : results.isFetching && !matches ? (
            <Loading label="Searching the PACS…" />
          ) : searchRefused && !matches ? (
            <FormError message={pacsProblem(searchRefused, 'search')} />
          ) : matches && matches.length === 0 ? (
            <Empty title="No study found">
              The PACS has no study matching this search. Check the patient id or widen the dates.
            </Empty>
          ) : matches ? (
            <>
              <StudyTable
                matches={matches}
                mayLink={mayLink}
                isLinked={isLinked}
                linking={link.isPending ? link.variables?.studyInstanceUid : undefined}
                onLink={(match) => void linkStudy(match)}
              />
              {searchRefused ? <FormError message={pacsProblem(searchRefused, 'search')} /> : null}
              {results.hasNextPage ? (
                <div>
                  <Button
                    isPending={results.isFetchingNextPage}
                    onPress={() => void results.fetchNextPage()}
                  >
                    Show {STUDY_SEARCH_PAGE} more studies
                  </Button>
                </div>
              ) : null}
            </>
          ) : null}
          <FormError message={linkProblem} />
          {done ? (
            <p className="notice notice-success" role="status">
              {done}
            </p>
          ) : null}
          {!mayLink ? (
            <p className="muted small">
              Only the case's presenter and the coordinators link studies; you can search.
            </p>
          ) : null}
        </section>
        <div className="dialog-actions">
          <Button slot="close" isDisabled={link.isPending}>
            Close
          </Button>
        </div>
      </div>
    </Dialog>
  );
}

function studyName(match: StudyMatch): string {
  return match.description || `${match.modalities.join('/') || 'Imaging'} study`;
}

function StudyTable({
  matches,
  mayLink,
  isLinked,
  linking,
  onLink,
}: {
  matches: readonly StudyMatch[];
  mayLink: boolean;
  isLinked: (uid: string) => boolean;
  linking: string | undefined;
  onLink: (match: StudyMatch) => void;
}) {
  return (
    <div className="table-wrap">
      <table className="table study-results">
        <caption className="visually-hidden">Studies found in the PACS</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Modality</th>
            <th scope="col">Description</th>
            <th scope="col">Accession</th>
            <th scope="col">Series / images</th>
            <th scope="col">
              <span className="visually-hidden">Link</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {matches.map((match) => (
            <tr key={`${match.sourceId}/${match.studyInstanceUid}`}>
              <td className="nowrap">{match.studyDate ? calendarDate(match.studyDate) : '—'}</td>
              <td>{match.modalities.join(', ') || '—'}</td>
              <td>{match.description || '—'}</td>
              <td className="mono">{match.accessionNumber || '—'}</td>
              <td className="nowrap">
                {match.seriesCount ?? '?'} / {match.instanceCount ?? '?'}
              </td>
              <td>
                {isLinked(match.studyInstanceUid) ? (
                  <span className="muted">Linked</span>
                ) : mayLink ? (
                  <Button
                    size="small"
                    variant="primary"
                    isPending={linking === match.studyInstanceUid}
                    isDisabled={linking !== undefined && linking !== match.studyInstanceUid}
                    onPress={() => onLink(match)}
                    aria-label={`Link ${studyName(match)}${match.studyDate ? ` of ${calendarDate(match.studyDate)}` : ''}`}
                  >
                    Link
                  </Button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
