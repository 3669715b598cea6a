import { VTPM_MIN_HARDWARE_VERSION, vtpmRequested, type Site, type SiteTemplate, type TenantSpec } from '../policy/model';
import type { ConfigProblem } from './config-error';
import type { YamlFile } from './yaml-file';

/** Why `template` cannot hold a vTPM, or undefined when it can. */
function vtpmObstacle(template: SiteTemplate): string | undefined {
  const lacks = [
    template.firmware !== 'efi' && `${template.firmware} firmware (a vTPM needs efi)`,
    template.hardwareVersion < VTPM_MIN_HARDWARE_VERSION && `hardware version ${template.hardwareVersion} (a vTPM needs ${VTPM_MIN_HARDWARE_VERSION} or later)`,
  ].filter((x): x is string => Boolean(x));
  return lacks.length ? lacks.join(' and ') : undefined;
}

/**
 * VM groups of a tenant at `site` whose template cannot hold the vTPM the site's VMs get (where it has a key
 * provider). Checked here rather than left to the apply, because the vSphere provider (v2.15.0,
 * vsphere/resource_vsphere_virtual_machine.go, resourceVSphereVirtualMachinePostDeployChanges) adds the vTPM in the
 * reconfigure that follows a content-library deploy (~l.1768) and upgrades the hardware only afterwards (~l.1801):
 * a template below version 14 fails the add and the VM is rolled back whatever `hardware_version` says; and the
 * firmware is the template's, since forcing efi on an OS installed for BIOS leaves it unbootable.
 */
export function templateVtpmProblems(spec: TenantSpec, site: Site, yaml: YamlFile): ConfigProblem[] {
  if (!vtpmRequested(site)) return [];
  const fit = site.vsphere.templates.filter((t) => !vtpmObstacle(t)).map((t) => t.name);
  return spec.vms.flatMap((vm, i) => {
    const template = site.vsphere.templates.find((t) => t.name === vm.template);
    const obstacle = template && vtpmObstacle(template);
    if (!obstacle) return [];
    return [
      yaml.problem(
        `vms[${i}].template`,
        `template "${vm.template}" of site ${site.id} cannot hold a vTPM: it has ${obstacle}, and every VM at a site with a key provider gets a vTPM 2.0`,
        `${fit.length ? `use a template with efi firmware and hardware version ${VTPM_MIN_HARDWARE_VERSION} or later (${fit.join(', ')})` : `add a template with efi firmware and hardware version ${VTPM_MIN_HARDWARE_VERSION} or later to site ${site.id}`}, or correct its firmware and hardwareVersion in sites.yaml if they are recorded wrong`,
      ),
    ];
  });
}
