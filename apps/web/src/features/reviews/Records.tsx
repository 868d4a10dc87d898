import { useState } from 'react';
import { errorMessage } from '../../api/errors';
import { Button } from '../../ui/Button';
import { FormError } from '../../ui/fields';
import { Badge, Card } from '../../ui/Page';
import { Empty, QueryView } from '../../ui/states';
import { dateTimeInZone, localZone } from '../../ui/time';
import { useDownloadRecord, useRecordsQuery, type RecordChecklistView } from './queries';
import { fileSize, fileTypeName } from '../../ui/words';
import { saveFile } from '../../api/download';

type RecordView = RecordChecklistView['items'][number]['records'][number];

const WITHHELD_REASON = 'until your assessment is submitted: it may state the first opinion';
export const WITHHELD_WORDS = `Withheld ${WITHHELD_REASON}`;

/**
 * The request's records, for a reader cleared to open them. Those that may state the first
 * opinion (the referral letter) are withheld, and cannot be downloaded, until the reader's own
 * assessment is in.
 */
export function RecordsCard({ requestId }: { requestId: string }) {
  const records = useRecordsQuery(requestId);
  const download = useDownloadRecord(requestId);
  const [problem, setProblem] = useState<string | null>(null);

  const save = async (record: RecordView) => {
    setProblem(null);
    try {
      saveFile(await download.mutateAsync(record.id), record.fileName);
    } catch (error) {
      setProblem(`“${record.title}” could not be downloaded. ${errorMessage(error)}`);
    }
  };

  return (
    <Card title="Records">
      <QueryView query={records} loadingLabel="Loading the records…">
        {(checklist) => (
          <div className="stack">
            {checklist.missing.length > 0 ? (
              <p className="notice notice-warning">
                Still awaited: {checklist.missing.join('; ')}. You can write your assessment
                meanwhile; it can be submitted once the records are complete.
              </p>
            ) : null}
            {checklist.items.length === 0 ? (
              <Empty title="No records asked for" />
            ) : (
              <div className="table-wrap">
                <table className="table">
                  <caption className="visually-hidden">Records of this request</caption>
                  <thead>
                    <tr>
                      <th scope="col">Record</th>
                      <th scope="col">Title</th>
                      <th scope="col">Received</th>
                      <th scope="col">File</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {checklist.items.flatMap((item) =>
                      item.records.length === 0
                        ? [
                            <tr key={item.kind}>
                              <th scope="row">{item.label}</th>
                              <td colSpan={4} className="muted">
                                {item.waiver
                                  ? `Not available (waived: ${item.waiver.reason})`
                                  : 'Not received yet'}
                              </td>
                            </tr>,
                          ]
                        : item.records.map((record) => (
                            <tr key={record.id}>
                              <th scope="row">{item.label}</th>
                              {record.withheld ? (
                                <td>
                                  <Badge tone="warning">Withheld</Badge>{' '}
                                  <span>{WITHHELD_REASON}</span>
                                </td>
                              ) : (
                                <td>{record.title}</td>
                              )}
                              <td>{dateTimeInZone(record.receivedAt, localZone())}</td>
                              <td>
                                {fileTypeName(record.contentType)}, {fileSize(record.sizeBytes)}
                              </td>
                              <td>
                                {record.withheld ? (
                                  <span className="muted small">Not downloadable yet</span>
                                ) : (
                                  <Button
                                    size="small"
                                    onPress={() => void save(record)}
                                    isPending={
                                      download.isPending && download.variables === record.id
                                    }
                                    aria-label={`Download ${record.title}`}
                                  >
                                    Download
                                  </Button>
                                )}
                              </td>
                            </tr>
                          )),
                    )}
                  </tbody>
                </table>
              </div>
            )}
          </div>
        )}
      </QueryView>
      <FormError message={problem} />
    </Card>
  );
}
