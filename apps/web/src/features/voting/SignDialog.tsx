import { useEffect, useRef, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useLocation } from 'react-router';
import { asSentence, errorMessage, fieldProblem } from '../../api/errors';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError, SubmitForm, TextInput } from '../../ui/fields';
import { Loading, QueryView } from '../../ui/states';
import {
  useReauthenticationOptions,
  useSignRecommendation,
  useStartReauthentication,
  type RecommendationView,
} from './queries';
import { stepUpNext, type StepUpReturn } from './reauthentication';
import { shortHash } from './words';

export interface SignDialogProps {
  recommendation: RecommendationView;
  /** What a confirmation at the identity provider brought back, when the page came back from one. */
  returned: StepUpReturn | null;
  /** Sends the browser to the identity provider (a full navigation). */
  leave: (url: string) => void;
  onClose: () => void;
}

/**
 * The chair signs the saved content, proving it is them: with their password, or, for an account
 * that signs in through the organisation's identity provider, by confirming there (the provider
 * asks for their credentials again, then sends them back here, where the signature completes).
 */
export function SignDialog({ recommendation, returned, leave, onClose }: SignDialogProps) {
  const options = useReauthenticationOptions();
  const sign = useSignRecommendation(recommendation.caseId);
  const [problem, setProblem] = useState<string | null>(
    returned?.kind === 'refused' ? returned.problem : null,
  );

  // Back from the provider with its confirmation: the signature completes at once, once.
  const completing = useRef(false);
  useEffect(() => {
    if (returned?.kind !== 'granted' || completing.current) return;
    completing.current = true;
    sign
      .mutateAsync({ id: recommendation.id, proof: { reauthentication: 'provider' } })
      .then(onClose, (error: unknown) => setProblem(asSentence(errorMessage(error))));
  }, [returned, sign, recommendation.id, onClose]);

  return (
    <Dialog
      title="Sign the recommendation"
      isOpen
      onOpenChange={(open) => {
        if (!open && !sign.isPending) onClose();
      }}
    >
      <p>
        You sign version {recommendation.version} as saved (content hash{' '}
        <code>{shortHash(recommendation.contentHash)}</code>). Once signed it cannot be edited, only
        amended.
      </p>
      {returned?.kind === 'granted' && sign.isPending ? (
        <Loading label="Completing your signature…" />
      ) : (
        <QueryView query={options} loadingLabel="Checking how you confirm it is you…">
          {(how) => (
            <>
              {how.password ? (
                <PasswordProof
                  recommendation={recommendation}
                  onSigned={onClose}
                  onProblem={setProblem}
                />
              ) : null}
              {how.password && how.provider ? <p className="muted">or</p> : null}
              {how.provider ? (
                <ProviderProof
                  recommendation={recommendation}
                  provider={how.provider}
                  leave={leave}
                  onProblem={setProblem}
                />
              ) : null}
              {!how.password && !how.provider ? (
                <p>
                  Your account has no password here and is not linked to your organisation’s
                  sign-in, so you cannot confirm a signature. Ask an administrator.
                </p>
              ) : null}
            </>
          )}
        </QueryView>
      )}
      <FormError message={problem} />
      <div className="dialog-actions">
        <Button slot="close" isDisabled={sign.isPending}>
          Cancel
        </Button>
      </div>
    </Dialog>
  );
}

/** The password, re-entered; a wrong one is refused on its field (400), so the session is not renewed for it. */
function PasswordProof({
  recommendation,
  onSigned,
  onProblem,
}: {
  recommendation: RecommendationView;
  onSigned: () => void;
  onProblem: (problem: string | null) => void;
}) {
  const sign = useSignRecommendation(recommendation.caseId);
  const { control, handleSubmit, setError } = useForm<{ password: string }>({
    defaultValues: { password: '' },
  });
  const submit = handleSubmit(async ({ password }) => {
    onProblem(null);
    try {
      await sign.mutateAsync({ id: recommendation.id, proof: { password } });
      onSigned();
    } catch (error) {
      const wrongPassword = fieldProblem(error, 'password');
      if (wrongPassword) setError('password', { type: 'server', message: wrongPassword });
      else onProblem(asSentence(errorMessage(error)));
    }
  });
  return (
    <SubmitForm onSubmit={submit} aria-label="Sign with the password">
      <Controller
        control={control}
        name="password"
        rules={{
          validate: (value) =>
            value.length === 0
              ? 'Enter your password to sign.'
              : value.length <= 128 || 'A password has at most 128 characters.',
        }}
        render={({ field, fieldState }) => (
          <TextInput
            label="Your password"
            type="password"
            autoComplete="current-password"
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            inputRef={field.ref}
            errorMessage={fieldState.error?.message}
            isRequired
          />
        )}
      />
      <div className="dialog-actions">
        <Button type="submit" variant="primary" isPending={sign.isPending}>
          Sign
        </Button>
      </div>
    </SubmitForm>
  );
}

/** Confirmation at the identity provider: the browser goes there and comes back to this page. */
function ProviderProof({
  recommendation,
  provider,
  leave,
  onProblem,
}: {
  recommendation: RecommendationView;
  provider: { id: string; displayName: string };
  leave: (url: string) => void;
  onProblem: (problem: string | null) => void;
}) {
  const start = useStartReauthentication();
  const location = useLocation();
  const confirm = async () => {
    onProblem(null);
    try {
      const { url } = await start.mutateAsync({
        recommendationId: recommendation.id,
        next: stepUpNext(location.pathname, location.search, recommendation.id),
      });
      leave(url);
    } catch (error) {
      onProblem(asSentence(errorMessage(error)));
    }
  };
  return (
    <div className="sign-with-provider">
      <p className="muted">
        {provider.displayName} asks for your credentials again, then brings you back here to
        complete the signature.
      </p>
      <Button variant="primary" isPending={start.isPending} onPress={() => void confirm()}>
        Confirm with {provider.displayName}
      </Button>
    </div>
  );
}
