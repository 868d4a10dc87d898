import type { Period } from './period';

/** "quality-metrics-thoracic-board-2026-01-01-to-2026-03-31.csv". */
export function csvFileName(boardName: string, period: Period): string {
  const board = boardName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `quality-metrics-${board || 'board'}-${period.from}-to-${period.to}.csv`;
}
