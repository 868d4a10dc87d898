import { createContext, useContext, type ReactNode } from 'react';
import type { UserView } from '@app/contracts';
import type { Api } from './client';

interface Connection {
  api: Api;
  me: UserView;
}

const ConnectionContext = createContext<Connection | null>(null);

/** The typed API client and the signed-in account, for every feature below the app shell. */
export function ConnectionProvider({ api, me, children }: Connection & { children: ReactNode }) {
  return <ConnectionContext.Provider value={{ api, me }}>{children}</ConnectionContext.Provider>;
}

function useConnection(): Connection {
  const connection = useContext(ConnectionContext);
  if (!connection) throw new Error('used outside ConnectionProvider');
  return connection;
}

export function useApi(): Api {
  return useConnection().api;
}

export function useMe(): UserView {
  return useConnection().me;
}
