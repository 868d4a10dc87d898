import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@app/persistence';

export interface BoardImagingSourceChoice {
  boardId: string;
  sourceId: string;
  updatedAt: Date;
  updatedBy: string;
}

/** The source each board chose for its PACS searches (`board_imaging_source`); none: the default. */
@Injectable()
export class BoardImagingSourceRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** The source id the board chose, or null. */
  async chosenBy(boardId: string): Promise<string | null> {
    const rows: Array<{ source_id: string }> = await this.uow.manager.query(
      `SELECT source_id FROM board_imaging_source WHERE board_id = $1`,
      [boardId],
    );
    return rows[0]?.source_id ?? null;
  }

  /** The board's choice, locked until the transaction ends, or null (nothing locked). */
  async lockChosenBy(boardId: string): Promise<string | null> {
    const rows: Array<{ source_id: string }> = await this.uow.manager.query(
      `SELECT source_id FROM board_imaging_source WHERE board_id = $1 FOR UPDATE`,
      [boardId],
    );
    return rows[0]?.source_id ?? null;
  }

  /** Stores the board's choice, replacing the one it had. */
  async choose(choice: BoardImagingSourceChoice): Promise<void> {
    await this.uow.manager.query(
      `INSERT INTO board_imaging_source (board_id, source_id, updated_at, updated_by)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (board_id) DO UPDATE
         SET source_id = EXCLUDED.source_id,
             updated_at = EXCLUDED.updated_at,
             updated_by = EXCLUDED.updated_by`,
      [choice.boardId, choice.sourceId, choice.updatedAt, choice.updatedBy],
    );
  }

  /** Forgets the board's choice: it uses the default source again. */
  async clear(boardId: string): Promise<void> {
    await this.uow.manager.query(`DELETE FROM board_imaging_source WHERE board_id = $1`, [boardId]);
  }
}
