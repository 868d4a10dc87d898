import { BoardRole, type BoardRoleValue } from '@app/contracts';

export interface DeviceOption {
  id: string;
  label: string;
}

/**
 * The cameras or microphones to choose from. Before access is allowed browsers hide the devices
 * (no id, no label): those are left out, and a device without a label gets a numbered name.
 */
export function deviceOptions(
  devices: readonly Pick<MediaDeviceInfo, 'deviceId' | 'kind' | 'label'>[],
  kind: 'videoinput' | 'audioinput',
): DeviceOption[] {
  const noun = kind === 'videoinput' ? 'Camera' : 'Microphone';
  return devices
    .filter((device) => device.kind === kind && device.deviceId !== '')
    .map((device, index) => ({
      id: device.deviceId,
      label: device.label || `${noun} ${index + 1}`,
    }));
}

export type CaptureWhat = 'camera' | 'microphone' | 'screen';

const NOUN: Record<CaptureWhat, string> = {
  camera: 'camera',
  microphone: 'microphone',
  screen: 'screen share',
};

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The `name` of what a media API threw (a DOMException, an OverconstrainedError…), or ''. */
export function errorName(error: unknown): string {
  const name =
    typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : '';
  return typeof name === 'string' ? name : '';
}

/** Why a camera, microphone or screen could not be captured, in words that say what to do. */
export function captureProblem(error: unknown, what: CaptureWhat): string {
  const name = errorName(error);
  const noun = NOUN[what];
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return what === 'screen'
        ? 'Screen sharing was not allowed: choose a screen or window to share, and allow screen recording in the system settings if asked.'
        : `${capitalised(noun)} blocked: allow ${noun} access in the browser's site settings, then try again.`;
    case 'NotFoundError':
    case 'OverconstrainedError':
      return what === 'camera'
        ? 'No camera found: connect one, or join without video.'
        : 'No microphone found: connect one, or join listening only.';
    case 'NotReadableError':
    case 'AbortError':
      return `The ${noun} could not start: another application may be using it. Close it, then try again.`;
    case 'NoMediaDevices':
      return 'Camera and microphone need a secure connection: open this page over https.';
    default: {
      const message =
        typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : '';
      const detail = typeof message === 'string' && message ? ` (${message})` : '';
      return `The ${noun} could not start${detail}. Try again, or choose another device.`;
    }
  }
}

/** The microphone's part when joining: sending, sending but muted, or none (listening only). */
export type MicrophoneChoice = 'on' | 'muted' | 'off';

export interface JoinChoice {
  camera: boolean;
  microphone: MicrophoneChoice;
}

export interface JoinOption {
  label: string;
  choice: JoinChoice;
}

/** The ways to join the video with the devices there are; the first is the usual one. */
export function joinOptions({
  canSend,
  hasCamera,
  hasMicrophone,
}: {
  canSend: boolean;
  hasCamera: boolean;
  hasMicrophone: boolean;
}): JoinOption[] {
  const listening: JoinOption = {
    label: 'Join listening only',
    choice: { camera: false, microphone: 'off' },
  };
  if (!canSend) return [listening];
  if (hasCamera && hasMicrophone) {
    return [
      { label: 'Join with camera and microphone', choice: { camera: true, microphone: 'on' } },
      { label: 'Join muted', choice: { camera: true, microphone: 'muted' } },
      { label: 'Join without video', choice: { camera: false, microphone: 'on' } },
    ];
  }
  if (hasMicrophone) {
    return [
      { label: 'Join with microphone', choice: { camera: false, microphone: 'on' } },
      { label: 'Join muted', choice: { camera: false, microphone: 'muted' } },
    ];
  }
  if (hasCamera) {
    return [{ label: 'Join with camera', choice: { camera: true, microphone: 'off' } }, listening];
  }
  return [listening];
}

/**
 * What one's role lets one send, as the server decides it (libs/media media-policy): observers
 * receive only; the presenter, the chair and coordinators may share the screen.
 */
export function mediaRights(role: BoardRoleValue): { canSend: boolean; canShareScreen: boolean } {
  return {
    canSend: role !== BoardRole.Observer,
    canShareScreen:
      role === BoardRole.Presenter || role === BoardRole.Chair || role === BoardRole.Coordinator,
  };
}
