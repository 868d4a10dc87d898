export interface BoardsSettings {
  /** Base URL clients and calendar apps reach the server at, without a trailing slash. */
  publicUrl: string;
}

export const BOARDS_SETTINGS = Symbol('BOARDS_SETTINGS');
