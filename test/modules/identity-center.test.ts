/** The identity-center module alone: permission sets with every kind of policy, groups by display name, assignments per account. */
import { IdentityCenter } from "../../modules/identity-center";
import { synthConstruct as synthModule } from "../helpers/construct";
import { resources } from "../helpers/synth";

describe("identity-center module", () => {
  const inline = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::data/*" }] };
  const out = synthModule(
    (s) =>
      new IdentityCenter(s, "ic", {
        permissionSets: [
          { name: "Data", description: "data team", sessionDuration: "PT2H", managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"], customerManagedPolicies: [{ name: "data-lake", path: "/teams/" }], inlinePolicy: inline, permissionsBoundary: { managedPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess" } },
          { name: "Plain" },
        ],
        assignments: [
          { group: "data team", permissionSet: "Data", accountName: "analytics", accountId: "555555555555" },
          { group: "data team", permissionSet: "Plain", accountName: "analytics", accountId: "555555555555" },
        ],
      }),
  );

  it("reads the organization's instance and the identity store from the data source", () => {
    expect(out.data.aws_ssoadmin_instances.ic_instance).toBeDefined();
    expect(resources(out, "aws_ssoadmin_permission_set").ic_set_Data).toMatchObject({
      name: "Data",
      description: "data team",
      session_duration: "PT2H",
      instance_arn: "${element(data.aws_ssoadmin_instances.ic_instance.arns, 0)}",
    });
  });

  it("defaults a set's session to one hour", () => {
    expect(resources(out, "aws_ssoadmin_permission_set").ic_set_Plain.session_duration).toBe("PT1H");
  });

  it("attaches AWS managed, customer managed, inline and boundary policies", () => {
    expect(Object.values(resources(out, "aws_ssoadmin_managed_policy_attachment")).map((a) => a.managed_policy_arn)).toEqual(["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
    expect(Object.values(resources(out, "aws_ssoadmin_customer_managed_policy_attachment"))[0].customer_managed_policy_reference).toEqual({ name: "data-lake", path: "/teams/" });
    expect(JSON.parse(Object.values(resources(out, "aws_ssoadmin_permission_set_inline_policy"))[0].inline_policy)).toEqual(inline);
    expect(Object.values(resources(out, "aws_ssoadmin_permissions_boundary_attachment"))[0].permissions_boundary).toEqual({ managed_policy_arn: "arn:aws:iam::aws:policy/PowerUserAccess" });
  });

  it("looks a group up once by display name and assigns it per set and account, after the set's policies", () => {
    const groups = out.data.aws_identitystore_group;
    expect(Object.keys(groups)).toEqual(["ic_group_data_team"]);
    expect(groups.ic_group_data_team.alternate_identifier).toEqual({ unique_attribute: { attribute_path: "DisplayName", attribute_value: "data team" } });
    const assignment = resources(out, "aws_ssoadmin_account_assignment").ic_assign_data_team_Data_analytics;
    expect(assignment).toMatchObject({
      principal_type: "GROUP",
      principal_id: "${data.aws_identitystore_group.ic_group_data_team.group_id}",
      permission_set_arn: "${aws_ssoadmin_permission_set.ic_set_Data.arn}",
      target_type: "AWS_ACCOUNT",
      target_id: "555555555555",
    });
    expect(assignment.depends_on).toHaveLength(4);
  });

  it("refuses an assignment to a set it does not define", () => {
    expect(() => synthModule((s) => new IdentityCenter(s, "ic", { permissionSets: [], assignments: [{ group: "g", permissionSet: "Nope", accountName: "a", accountId: "1" }] }))).toThrow(/no permission set "Nope"/);
  });
});
