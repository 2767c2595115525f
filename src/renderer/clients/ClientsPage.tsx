import { Flex, Typography } from 'antd';
import { GrantMatrix } from '../access/GrantMatrix';
import { client } from '../app/client';
import { canAny, canManageGrants, useSignedIn } from '../app/session';
import { useLoad } from '../app/use-load';
import { ClientsCard } from './ClientsCard';
import { useT } from './i18n';

/** 客户与授权: the clients this user may see and, for admins and managers, who may reach which. */
export function ClientsPage() {
  const t = useT();
  const status = useSignedIn();
  const clients = useLoad(client.clients.list);
  const grantsShown = canManageGrants(status);
  const mayCreate = canAny(status, 'client.create');
  // Managers see every client; everyone else only those granted to them.
  const granted = status.user.role !== 'manager';

  return (
    <div className="lv-page">
      <div className="lv-page-head">
        <Typography.Title level={2} className="lv-page-title">
          {t(grantsShown ? 'clients.title' : 'clients.title.clientsOnly')}
        </Typography.Title>
      </div>
      <Flex vertical gap="large">
        <ClientsCard clients={clients} mayCreate={mayCreate} granted={granted} />
        {grantsShown ? <GrantMatrix status={status} clients={clients.data ?? []} /> : null}
      </Flex>
    </div>
  );
}
