/**
 * Rules over the network paths of a tenant stack: what it downloads from where (NET-01, NET-02, NET-06), who
 * may read what it publishes (NET-03), and which networks its VMs join (NET-04, NET-05). Domain brief
 * section 7: NET-01 to NET-06.
 */
import { hostInSite, hostOf, hostReachable, siteOfHost, underSiteDomains } from '../../hosts';
import { referencesIn } from '../../terraform/references';
import type { TfBlock } from '../../terraform/stack-document';
import { stackFinding, type StackContext, type StackFinding, type StackRule } from '../stack-rule';
import { holdsPersonalData } from '../res/RES-06';
import { isLiteral, isTrue, nestedBlocks } from '../block-values';
import { enclaveServers, guestServerProblem } from '../../tenant-rules/net';

const VM = 'vsphere_virtual_machine';
const LIBRARY = 'vsphere_content_library';
const LIBRARY_ITEM = 'vsphere_content_library_item';
const OVF_TEMPLATE = 'vsphere_ovf_vm_template';
const PORT_GROUP = 'vsphere_distributed_port_group';
const NETWORK = 'vsphere_network';
/** Switches and port groups that carry the security options `allow_promiscuous`, `allow_forged_transmits`, `allow_mac_changes`. */
const SWITCHING = [PORT_GROUP, 'vsphere_distributed_virtual_switch', 'vsphere_host_port_group', 'vsphere_host_virtual_switch'];

const resourcesOf = (ctx: StackContext, type: string) => ctx.doc.resources.filter((b) => b.type === type);
const label = (b: TfBlock) => JSON.stringify(b.values.name ?? b.name);

/** True when `path` (`ovf_deploy.0.remote_ovf_url`) or a block above it is known only after apply. */
function unknownAt(block: TfBlock, path: string): boolean {
  const parts = path.split('.');
  return parts.some((_, i) => block.unknown.has(parts.slice(0, i + 1).join('.')));
}

/** Where `host` belongs, for a message: `(site research-de-1, DE)` or `(not a host of any registered site)`. */
function whereIs(ctx: StackContext, host: string): string {
  const site = siteOfHost(host, ctx.catalogue);
  return site ? `(site ${site.id}, ${site.country})` : '(not a host of any registered site)';
}

/** The hosts a tenant of the site may fetch from, in words. */
function reachableHosts(ctx: StackContext): string {
  const own = `a host of site ${ctx.site.id} (under ${ctx.site.domains.join(', ')})`;
  const egress = ctx.site.airGapped ? [] : ctx.site.allowedEgressHosts;
  return egress.length ? `${own} or an allowed egress host of the site (${egress.join(', ')})` : own;
}

/** The air gap the classification requires, in words, with its source. */
const airGapOf = (ctx: StackContext) => `classification ${ctx.classification.id} is air-gapped (${ctx.classification.airGapped.source})`;

// ---------------------------------------------------------------------------------------------------------
// What a stack fetches
// ---------------------------------------------------------------------------------------------------------

export const NET_01: StackRule = {
  id: 'NET-01',
  title: 'Content libraries subscribe only to hosts the site may reach; in an air-gapped classification, only to hosts of the enclave',
  severity: 'error',
  rises: false,
  rationale:
    'A subscribed content library pulls templates from its subscription URL on its own schedule: it is an egress path out of the site and a supply-chain input that nobody reviews item by item. ' +
    "A connected site may subscribe to its own hosts and its allowed egress hosts; an air-gapped classification only to the enclave's own publisher, which holds the reviewed imports.",
  fix: "use the site's own content library (SiteInventory looks it up by name), or subscribe to a host of the site or one of its allowed egress hosts (sites.yaml allowedEgressHosts)",
  source: 'SecNumCloud 12.10.c, 19.2.b; vSphere provider docs (content_library: subscription); domain brief section 7 NET-01',
  examines: [LIBRARY],
  check(ctx) {
    const out: StackFinding[] = [];
    for (const library of resourcesOf(ctx, LIBRARY)) {
      for (const sub of nestedBlocks(library.values, 'subscription')) {
        const attribute = `${sub.path}.subscription_url`;
        if (unknownAt(library, attribute)) continue;
        const url = sub.values.subscription_url;
        // The provider defaults subscription_url to "NONE".
        if (!isLiteral(url) || url === 'NONE') continue;
        const host = hostOf(url);
        if (ctx.classification.airGapped.value) {
          if (host && hostInSite(host, ctx.site)) continue;
          out.push(stackFinding(this, ctx, library, { attribute, found: `content library ${label(library)} subscribes to "${url}"${host ? `, at ${host} ${whereIs(ctx, host)}` : ''}`, allowed: `a publisher inside the enclave ${ctx.site.id} (under ${ctx.site.domains.join(', ')}): ${airGapOf(ctx)}` }));
          continue;
        }
        if (host && hostReachable(host, ctx.site)) continue;
        out.push(
          stackFinding(this, ctx, library, {
            attribute,
            found: host ? `content library ${label(library)} subscribes to ${host} ${whereIs(ctx, host)}` : `content library ${label(library)} subscribes to "${url}", which names no host`,
            allowed: reachableHosts(ctx),
          }),
        );
      }
    }
    return out;
  },
};

/** The remote artefact URLs of a stack: where an OVF or library item is downloaded from at apply time. */
function remoteArtefacts(ctx: StackContext): { block: TfBlock; attribute: string; url: string }[] {
  const out: { block: TfBlock; attribute: string; url: string }[] = [];
  const add = (block: TfBlock, attribute: string, url: unknown) => {
    if (!unknownAt(block, attribute) && isLiteral(url)) out.push({ block, attribute, url });
  };
  for (const vm of resourcesOf(ctx, VM)) {
    for (const ovf of nestedBlocks(vm.values, 'ovf_deploy')) add(vm, `${ovf.path}.remote_ovf_url`, ovf.values.remote_ovf_url);
  }
  for (const template of ctx.doc.dataSources.filter((b) => b.type === OVF_TEMPLATE)) add(template, 'remote_ovf_url', template.values.remote_ovf_url);
  // file_url may also be a path on the machine that runs Terraform; only a download (a scheme other than file://) is judged.
  for (const item of resourcesOf(ctx, LIBRARY_ITEM)) {
    const url = item.values.file_url;
    if (typeof url === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !/^file:/i.test(url)) add(item, 'file_url', url);
  }
  return out;
}

export const NET_02: StackRule = {
  id: 'NET-02',
  title: 'OVFs and library items are downloaded only from hosts the site may reach; in an air-gapped classification, only from hosts of the enclave',
  severity: 'error',
  rises: false,
  rationale:
    'remote_ovf_url and an http(s) file_url make vCenter or Terraform download an image at apply time: an egress path, and a VM built from whatever that host serves that day. ' +
    'In an air-gapped classification images come only from hosts of the enclave, where they arrive through the reviewed import.',
  fix: "clone from the site's content library (TenantCompute does this), deploy from ovf_deploy.local_ovf_path, or download from a host of the site or one of its allowed egress hosts",
  source: 'SecNumCloud 12.10.c; vSphere provider docs (virtual_machine: ovf_deploy; ovf_vm_template; content_library_item: file_url); domain brief section 7 NET-02',
  examines: [VM, `data.${OVF_TEMPLATE}`, LIBRARY_ITEM],
  check(ctx) {
    const out: StackFinding[] = [];
    for (const { block, attribute, url } of remoteArtefacts(ctx)) {
      const host = hostOf(url);
      if (ctx.classification.airGapped.value) {
        if (host && hostInSite(host, ctx.site)) continue;
        out.push(stackFinding(this, ctx, block, { attribute, found: `${block.type} ${label(block)} downloads "${url}"${host ? `, at ${host} ${whereIs(ctx, host)}` : ''}`, allowed: `a host inside the enclave ${ctx.site.id} (under ${ctx.site.domains.join(', ')}): ${airGapOf(ctx)}` }));
        continue;
      }
      if (host && hostReachable(host, ctx.site)) continue;
      out.push(
        stackFinding(this, ctx, block, {
          attribute,
          found: host ? `${block.type} ${label(block)} downloads from ${host} ${whereIs(ctx, host)}` : `${block.type} ${label(block)} downloads "${url}", which names no host`,
          allowed: reachableHosts(ctx),
        }),
      );
    }
    return out;
  },
};

// ---------------------------------------------------------------------------------------------------------
// What a stack publishes
// ---------------------------------------------------------------------------------------------------------

export const NET_03: StackRule = {
  id: 'NET-03',
  title: 'A content library holding personal data is not published without authentication',
  severity: 'error',
  rises: false,
  rationale:
    'A library published with authentication_method NONE (the provider default) serves its templates, and whatever was captured in them, to anyone who can reach vCenter. ' +
    'Only public and internal data, which hold no personal data, may do so; every other classification, including any added later, is treated as personal data or above.',
  fix: 'set publication.authentication_method = "BASIC" with a username and password from the secret store, or do not publish the library (published = false)',
  source: 'SecNumCloud 13.2.a-b; vSphere provider docs (content_library: publication); domain brief section 7 NET-03',
  examines: [LIBRARY],
  check(ctx) {
    if (!holdsPersonalData(ctx.classification)) return [];
    const out: StackFinding[] = [];
    for (const library of resourcesOf(ctx, LIBRARY)) {
      for (const pub of nestedBlocks(library.values, 'publication')) {
        if (unknownAt(library, `${pub.path}.published`) || unknownAt(library, `${pub.path}.authentication_method`)) continue;
        const method = pub.values.authentication_method ?? 'NONE';
        if (!isTrue(pub.values.published) || typeof method !== 'string' || method.toUpperCase() !== 'NONE') continue;
        out.push(
          stackFinding(this, ctx, library, {
            attribute: `${pub.path}.authentication_method`,
            found: `content library ${label(library)} is published with authentication_method ${pub.values.authentication_method === undefined ? 'NONE (the default)' : `"${method}"`}: anyone who reaches vCenter can subscribe`,
            allowed: `authentication_method = "BASIC" for classification ${ctx.classification.id}; no authentication only for public and internal data`,
          }),
        );
      }
    }
    return out;
  },
};

// ---------------------------------------------------------------------------------------------------------
// Which networks VMs join
// ---------------------------------------------------------------------------------------------------------

export const NET_04: StackRule = {
  id: 'NET-04',
  title: "Every VM network interface is on a port group of the tenant's own stack",
  severity: 'error',
  rises: false,
  rationale:
    "A tenant's VMs are segregated by their own distributed port group on their own VLAN. A network looked up by name (data.vsphere_network) or given as a bare id already exists, " +
    'so it may carry tenants of other classifications; the stack cannot tell, so it is refused.',
  fix: 'set network_id to the id of the tenant port group (TenantNetwork creates it: ${vsphere_distributed_port_group.<name>.id})',
  source: 'SecNumCloud 9.7.a, 13.2.a; vSphere provider docs (virtual_machine: network_interface); domain brief section 7 NET-04',
  examines: [VM, `data.${NETWORK}`, PORT_GROUP],
  check(ctx) {
    const out: StackFinding[] = [];
    const allowed = `the id of a ${PORT_GROUP} created by tenant ${ctx.tenant}'s stack`;
    for (const vm of resourcesOf(ctx, VM)) {
      if (vm.unknown.has('network_interface')) continue;
      for (const nic of nestedBlocks(vm.values, 'network_interface')) {
        const attribute = `${nic.path}.network_id`;
        if (unknownAt(vm, attribute)) continue;
        const value = nic.values.network_id;
        const refs = referencesIn(value);
        const problems: string[] = [];
        if (value === undefined || value === null || value === '') problems.push('no network_id');
        else if (refs.length === 0) problems.push(`network_id ${JSON.stringify(value)} is a bare id of a network this stack does not create`);
        for (const address of refs) {
          const target = ctx.refs.block(address);
          if (target?.kind === 'resource' && target.type === PORT_GROUP) continue;
          if (target?.kind === 'data' && target.type === NETWORK) {
            problems.push(`network_id is the existing network ${label(target)} (${address}), which other tenants may share`);
          } else {
            problems.push(`network_id leads to ${address}, ${target ? `a ${target.type}` : 'which is not in this stack'}, not a port group of this stack`);
          }
        }
        for (const found of problems) out.push(stackFinding(this, ctx, vm, { attribute, found: `VM ${label(vm)}: ${found}`, allowed }));
      }
    }
    return out;
  },
};

/** The security options that let a VM see or forge other ports' traffic. */
const SECURITY_OPTIONS: Record<string, string> = {
  allow_promiscuous: 'promiscuous mode lets a VM read every frame on the port group',
  allow_forged_transmits: 'forged transmits let a VM send as another MAC address',
  allow_mac_changes: 'MAC changes let a VM take another MAC address',
};

/** VLAN id 4095 on a standard switch port group means every VLAN (guest tagging): a trunk. */
const ALL_VLANS = 4095;

export const NET_05: StackRule = {
  id: 'NET-05',
  title: 'Port groups and switches keep the security options off and carry no VLAN trunk',
  severity: 'warning',
  rises: true,
  rationale:
    'Promiscuous mode, forged transmits and MAC changes let one VM observe or impersonate others on the same segment; a VLAN trunk (vlan_range, or VLAN 4095 on a standard switch) hands a VM every tenant VLAN in the range. ' +
    'Either undoes the segregation by customer the tenant port group exists for.',
  fix: 'set allow_promiscuous, allow_forged_transmits and allow_mac_changes to false (TenantNetwork does this) and give the port group one vlan_id, without vlan_range',
  source: 'SecNumCloud 13.2.b; vSphere provider docs (distributed_port_group, distributed_virtual_switch: security options, vlan_range); domain brief section 7 NET-05',
  examines: SWITCHING,
  check(ctx) {
    const out: StackFinding[] = [];
    for (const block of ctx.doc.resources.filter((b) => SWITCHING.includes(b.type))) {
      for (const [attribute, why] of Object.entries(SECURITY_OPTIONS)) {
        if (!unknownAt(block, attribute) && isTrue(block.values[attribute])) {
          out.push(stackFinding(this, ctx, block, { attribute, found: `${block.type} ${label(block)} sets ${attribute} = true: ${why}`, allowed: `${attribute} = false` }));
        }
      }
      if (!unknownAt(block, 'vlan_range')) {
        const ranges = nestedBlocks(block.values, 'vlan_range');
        if (ranges.length) {
          const shown = ranges.map((r) => `${String(r.values.min_vlan)}-${String(r.values.max_vlan)}`).join(', ');
          out.push(stackFinding(this, ctx, block, { attribute: 'vlan_range', found: `${block.type} ${label(block)} trunks VLANs ${shown}`, allowed: 'one vlan_id per tenant port group, no vlan_range' }));
        }
      }
      if (!unknownAt(block, 'vlan_id') && Number(block.values.vlan_id) === ALL_VLANS) {
        out.push(stackFinding(this, ctx, block, { attribute: 'vlan_id', found: `${block.type} ${label(block)} uses VLAN ${ALL_VLANS}, which passes every VLAN to the guest`, allowed: "the tenant's own VLAN id (1-4094)" }));
      }
    }
    return out;
  },
};

// ---------------------------------------------------------------------------------------------------------
// The air gap, everywhere
// ---------------------------------------------------------------------------------------------------------

/** A URL in a string: http(s), ftp(s), git or ssh, optionally with a go-getter prefix (`git::https://...`). */
const URL_IN_TEXT = /(?:[a-z0-9]+::)?(?:https?|ftps?|git|ssh):\/\/[^\s"'<>`]+/gi;

/** Attributes NET-01 and NET-02 judge on their own terms (stricter: no download at all when air-gapped). */
const JUDGED_ELSEWHERE: Record<string, RegExp> = {
  [LIBRARY]: /^subscription(\.\d+)?\.subscription_url$/,
  [VM]: /^ovf_deploy(\.\d+)?\.remote_ovf_url$/,
  [OVF_TEMPLATE]: /^remote_ovf_url$/,
  [LIBRARY_ITEM]: /^file_url$/,
};

/** Every string in `value` with its attribute path, skipping what is known only after apply. */
function stringsIn(value: unknown, path: string, skip: (path: string) => boolean, out: { path: string; text: string }[] = []): { path: string; text: string }[] {
  if (path && skip(path)) return out;
  if (typeof value === 'string') out.push({ path, text: value });
  else if (Array.isArray(value)) value.forEach((v, i) => stringsIn(v, path ? `${path}.${i}` : String(i), skip, out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) stringsIn(v, path ? `${path}.${k}` : k, skip, out);
  return out;
}

export const NET_06: StackRule = {
  id: 'NET-06',
  title: 'In an air-gapped classification no attribute names a URL outside the enclave',
  severity: 'error',
  rises: false,
  rationale:
    'Inside an air-gapped enclave a URL to an outside host is either a path that must not exist or a step that fails halfway through an apply; both are found before Terraform runs. ' +
    'Every attribute of every resource, data source and provider is read (lifecycle messages, which are for people, are not); the attributes NET-01, NET-02 and NET-08 judge, and the backend (STA rules), are left to those rules.',
  fix: 'replace the URL with a host of the enclave (under its registered domains), or bring the artefact into the enclave through its reviewed import',
  source: 'SecNumCloud 12.10.c; Clarence model (no link to the Internet); domain brief section 7 NET-06',
  // It reads every block but claims none, so the coverage report still names the types no rule was written for.
  examines: ['provider.vault', 'provider.vsphere'],
  check(ctx) {
    if (!ctx.classification.airGapped.value) return [];
    const out: StackFinding[] = [];
    const judge = (at: TfBlock | string, values: Readonly<Record<string, unknown>>, skip: (path: string) => boolean) => {
      for (const { path, text } of stringsIn(values, '', skip)) {
        for (const [url] of text.matchAll(URL_IN_TEXT)) {
          const host = hostOf(url.replace(/^[a-z0-9]+::/i, ''));
          if (!host || /[${}]/.test(host) || hostInSite(host, ctx.site)) continue; // `${var.x}` hosts are not known here
          out.push(
            stackFinding(this, ctx, at, {
              attribute: path,
              found: `${typeof at === 'string' ? at : `${at.type} ${label(at)}`} names ${url.length > 120 ? `${url.slice(0, 117)}...` : url}, at ${host} ${whereIs(ctx, host)}`,
              allowed: `hosts of the enclave ${ctx.site.id} only (under ${ctx.site.domains.join(', ')}): ${airGapOf(ctx)}`,
            }),
          );
        }
      }
    };
    for (const block of [...ctx.doc.resources, ...ctx.doc.dataSources]) {
      const elsewhere = JUDGED_ELSEWHERE[block.type];
      judge(block, block.values, (path) => path === 'lifecycle' || unknownAt(block, path) || Boolean(elsewhere?.test(path)));
    }
    // The endpoints the providers talk to are NET-08's.
    for (const p of ctx.doc.providers) judge(`provider.${p.type}${p.alias ? `.${p.alias}` : ''}`, p.values, (path) => path === PROVIDER_ENDPOINT[p.type]);
    return out;
  },
};

/** The attribute that names the endpoint a provider talks to, judged by NET-08. */
const PROVIDER_ENDPOINT: Readonly<Record<string, string>> = { vsphere: 'vsphere_server', vault: 'address' };

/** The guest servers a VM's customization names: DNS servers, and the NTP servers the toolkit passes in guestinfo. */
function guestServers(vm: TfBlock): { attribute: string; what: string; server: string }[] {
  const out: { attribute: string; what: string; server: string }[] = [];
  for (const clone of nestedBlocks(vm.values, 'clone')) {
    for (const customize of nestedBlocks(clone.values, 'customize')) {
      const list = customize.values.dns_server_list;
      if (Array.isArray(list)) {
        list.forEach((server, i) => {
          const attribute = `${clone.path}.${customize.path}.dns_server_list.${i}`;
          if (isLiteral(server) && !unknownAt(vm, attribute)) out.push({ attribute, what: 'DNS', server });
        });
      }
    }
  }
  const extra = vm.values.extra_config;
  if (typeof extra === 'object' && extra !== null) {
    for (const [key, value] of Object.entries(extra as Record<string, unknown>)) {
      if (!/ntp/i.test(key) || !isLiteral(value)) continue;
      for (const server of value.split(/[\s,]+/).filter(Boolean)) out.push({ attribute: `extra_config.${key}`, what: 'NTP', server });
    }
  }
  return out;
}

export const NET_07: StackRule = {
  id: 'NET-07',
  title: 'In an air-gapped classification, guests use only DNS and NTP servers inside the enclave',
  severity: 'error',
  rises: false,
  rationale:
    'A DNS or NTP server outside the enclave is a path out of it that every VM takes at boot: names leak, time can be steered, and the guest waits on a server it cannot reach. ' +
    "Servers named in a VM's guest customization (dns_server_list) and in extra_config keys about NTP are judged by host name (under the site domains) or by address (in the site infrastructure networks or the tenant network).",
  fix: "use the enclave's own DNS and NTP servers (config/tenants/<name>.yaml guest; register their networks as infrastructureNetworks of the site)",
  source: 'SecNumCloud 12.10.c, 13.2; Clarence model (no link to the Internet); vSphere provider docs (virtual_machine: clone.customize); domain brief section 7',
  examines: [VM],
  check(ctx) {
    if (!ctx.classification.airGapped.value) return [];
    const networks = ctx.tenantNetworks ?? [];
    return resourcesOf(ctx, VM).flatMap((vm) =>
      guestServers(vm).flatMap(({ attribute, what, server }) => {
        const problem = guestServerProblem(server, ctx.site, networks, ctx.catalogue);
        return problem
          ? [stackFinding(this, ctx, vm, { attribute, found: `VM ${label(vm)} uses ${what} server ${problem}`, allowed: `${enclaveServers(ctx.site, networks)}: ${airGapOf(ctx)}` })]
          : [];
      }),
    );
  },
};

export const NET_08: StackRule = {
  id: 'NET-08',
  title: "In an air-gapped classification, the providers talk only to the enclave's own vCenter and Vault",
  severity: 'error',
  rises: false,
  rationale:
    'Terraform talks to the provider endpoints on every plan and apply; in an enclave a vCenter or Vault outside its domains is a link out of it, or a stack that was built for another site. ' +
    'vsphere_server is a bare host name, which the URL rule NET-06 does not read.',
  fix: "point the providers at the enclave's own vCenter and Vault (sites.yaml vsphere.server and vault.address, under the site's domains)",
  source: 'SecNumCloud 12.10.c, 19.2.c; Clarence model (no link to the Internet); domain brief section 7',
  examines: ['provider.vsphere', 'provider.vault'],
  check(ctx) {
    if (!ctx.classification.airGapped.value) return [];
    const out: StackFinding[] = [];
    for (const p of ctx.doc.providers) {
      const attribute = PROVIDER_ENDPOINT[p.type];
      const value = attribute && p.values[attribute];
      if (!attribute || !isLiteral(value)) continue;
      const host = hostOf(value);
      if (host && underSiteDomains(host, ctx.site)) continue;
      out.push(
        stackFinding(this, ctx, `provider.${p.type}${p.alias ? `.${p.alias}` : ''}`, {
          attribute,
          found: `provider ${p.type} talks to ${host ?? JSON.stringify(value)}${host ? ` ${whereIs(ctx, host)}` : ''}`,
          allowed: `a host under ${ctx.site.domains.join(', ')}: ${airGapOf(ctx)}`,
        }),
      );
    }
    return out;
  },
};

/** The network rules over synthesized Terraform and plans, in report order. */
export const NETWORK_RULES: readonly StackRule[] = [NET_01, NET_02, NET_03, NET_04, NET_05, NET_06, NET_07, NET_08];
