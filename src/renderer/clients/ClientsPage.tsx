import { Flex } from 'antd';
import { GrantMatrix } from '../access/GrantMatrix';
import { PageTitle } from '../app/PageTitle';
import { client } from '../app/client';
import { canAny, canManageGrants, useSignedIn } from '../app/session';
import { useLoad } from '../app/use-load';
import { ClientsCard } from './ClientsCard';
import { useT } from './i18n';

/** 客户与授权: the clients this user may see and, for admins and managers, who may reach which. */
export function ClientsPage() {
  const t = useT();
  const status = useSignedIn();
  // Archived clients too: this page is where they are seen and restored (pickers leave them out).
  const clients = useLoad(() => client.clients.list({ includeArchived: true }));
  const grantsShown = canManageGrants(status);
  const mayCreate = canAny(status, 'client.create');
  // Managers see every client; everyone else only those granted to them.
  const granted = status.user.role !== 'manager';

  return (
    <div className="lv-page">
      <div className="lv-page-head">
        <PageTitle>{t(grantsShown ? 'clients.title' : 'clients.title.clientsOnly')}</PageTitle>
      </div>
      <Flex vertical gap="large">
        <ClientsCard
          clients={clients}
          mayCreate={mayCreate}
          mayEdit={canAny(status, 'client.update')}
          granted={granted}
        />
        {grantsShown ? <GrantMatrix status={status} clients={clients.data ?? []} /> : null}
      </Flex>
    </div>
  );
}
