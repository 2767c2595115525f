import { Button, Flex, List, Typography } from 'antd';
import type { DriveListView } from '../../shared/contract';
import { client } from '../app/client';
import { useLoad } from '../app/use-load';
import { useT } from './i18n';

const gb = (bytes: number | null) => (bytes === null ? '—' : (bytes / 2 ** 30).toFixed(1));

/**
 * The removable drives the core found (label, mount point, free space), each with "export here":
 * the renderer sends the drive's id, and the core finds where it is mounted now.
 */
export function BackupDrives(props: { busy: boolean; onExport: (driveId: string) => void }) {
  const t = useT();
  const drives = useLoad<DriveListView>(() => client.backup.drives());
  const list = drives.data;
  return (
    <div className="lv-backup-drives" data-testid="backup-drives">
      <Flex justify="space-between" align="center">
        <Typography.Text strong>{t('backup.drives')}</Typography.Text>
        <Button size="small" onClick={drives.reload} disabled={props.busy}>
          {t('backup.drives.refresh')}
        </Button>
      </Flex>
      {list && (
        <List
          size="small"
          dataSource={list.drives}
          locale={{ emptyText: list.problem ? t('backup.drives.problem') : t('backup.drives.none') }}
          renderItem={(d) => (
            <List.Item
              data-testid="backup-drive"
              actions={[
                <Button key="here" type="primary" ghost disabled={props.busy} onClick={() => props.onExport(d.id)}>
                  {t('backup.drives.exportHere')}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={<span className="lv-backup-drive-label">{d.label}</span>}
                description={
                  <>
                    <Typography.Text className="lv-backup-path">{d.mountPoint}</Typography.Text>
                    {' · '}
                    {t('backup.drives.space', { free: gb(d.freeBytes), size: gb(d.sizeBytes) })}
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
