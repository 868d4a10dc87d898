import { useCallback, useMemo, useState } from 'react';
import { Link } from 'react-aria-components';
import { useNavigate, useParams } from 'react-router';
import { useBoardMembersQuery, useBoardQuery } from '../../api/board-queries';
import { useMe } from '../../api/context';
import { ApiError, errorMessage } from '../../api/errors';
import type { BoardMemberView, BoardView } from '../../api/types';
import { Button, ButtonLink } from '../../ui/Button';
import { FormError, SubmitForm } from '../../ui/fields';
import { Card, PageHeader } from '../../ui/Page';
import { AccessProblem, QueryView } from '../../ui/states';
import {
  createBody,
  emptyCaseForm,
  localProblems,
  serverProblems,
  unshownProblems,
  wire,
  type CaseFormValues,
  type FieldErrors,
} from './caseForm';
import { CaseFormFields } from './CaseFormFields';
import { mayCreateCase, maySeeMrn } from './permissions';
import { useCreateCase } from './queries';
import './cases.css';

/** A new case on a board: the coordinator, a chair or a presenter fills in what is known. */
export function NewCasePage() {
  const { boardId = '' } = useParams();
  const board = useBoardQuery(boardId);
  const members = useBoardMembersQuery(boardId);
  return (
    <div className="page">
      <QueryView query={board} loadingLabel="Loading the board…">
        {(boardView) => (
          <QueryView query={members} loadingLabel="Loading the board's members…">
            {(memberViews) => <NewCase board={boardView} members={memberViews} />}
          </QueryView>
        )}
      </QueryView>
    </div>
  );
}

function NewCase({ board, members }: { board: BoardView; members: readonly BoardMemberView[] }) {
  const me = useMe();
  const navigate = useNavigate();
  const create = useCreateCase(board.id);
  const [values, setValues] = useState<CaseFormValues>(emptyCaseForm);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const change = useCallback(
    (patch: Partial<CaseFormValues>) => setValues((current) => ({ ...current, ...patch })),
    [],
  );
  const presenters = useMemo(
    () => members.filter((member) => member.role !== 'observer'),
    [members],
  );

  if (!mayCreateCase(me, board.myRole)) {
    return (
      <AccessProblem
        status={403}
        message="Only the board's coordinator, chair and presenters add cases. Observers and panelists can read them."
      />
    );
  }

  // Who presents decides who may see the MRN: presenters and chairs who leave it empty present it themselves.
  const presenterId =
    values.presenterId || (board.myRole === 'presenter' || board.myRole === 'chair' ? me.id : null);
  const withMrn = maySeeMrn(me, board.myRole, presenterId);

  const submit = async () => {
    setProblem(null);
    const local = localProblems(values, 'create');
    setErrors(local);
    if (Object.keys(local).length > 0) {
      setProblem('Some fields need attention before the case can be created.');
      return;
    }
    const body = createBody(values, withMrn);
    try {
      const created = await create.mutateAsync(wire(body));
      void navigate(`/cases/${created.id}`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        // The one conflict on creation: the reference is taken on this board.
        setErrors({ patientRef: [`${error.message}. Choose another reference.`] });
        setProblem('The case was not created: see the patient reference.');
      } else if (error instanceof ApiError && error.details.length > 0) {
        const problems = serverProblems(error, body, values);
        setErrors(problems);
        const elsewhere = unshownProblems(problems, values);
        setProblem(
          elsewhere.length > 0
            ? `The case was not created: ${elsewhere.join('; ')}`
            : 'The case was not created: see the messages next to the fields.',
        );
      } else {
        setProblem(errorMessage(error));
      }
    }
  };

  return (
    <>
      <PageHeader
        eyebrow={
          <Link href={`/boards/${board.id}/cases`}>
            <span aria-hidden="true">← </span>
            {board.name}
            <span className="visually-hidden">: back to the board's cases</span>
          </Link>
        }
        title="New case"
        subtitle="Only the patient reference, year of birth and sex are needed now; the rest can be added while the case is prepared."
      />
      <Card>
        <SubmitForm onSubmit={submit}>
          <CaseFormFields
            mode="create"
            values={values}
            onChange={change}
            errors={errors}
            presenters={presenters}
            showMrn={withMrn}
            isDisabled={create.isPending}
          />
          <div className="stack form-actions-sticky">
            <FormError message={problem} />
            <div className="form-actions">
              <Button type="submit" variant="primary" isPending={create.isPending}>
                Create case
              </Button>
              <ButtonLink href={`/boards/${board.id}/cases`}>Cancel</ButtonLink>
            </div>
          </div>
        </SubmitForm>
      </Card>
    </>
  );
}
