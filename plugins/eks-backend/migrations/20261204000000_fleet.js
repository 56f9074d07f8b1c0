/*
 * The fleet's snapshot (issue 19): one row per account and region (its
 * refresh status), one row per cluster (the FleetClusterRow as JSON), the
 * clusters a product action marked dirty, and the snapshot's version.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('eks_fleet_regions', table => {
    table.comment('Refresh status of each account and region of the fleet');
    table.string('account_id', 32).notNullable();
    table.string('region', 64).notNullable();
    table.text('status').notNullable().comment('FleetRegionStatus as JSON');
    table.primary(['account_id', 'region']);
  });
  await knex.schema.createTable('eks_fleet_clusters', table => {
    table.comment('One row per cluster of the fleet');
    table.string('account_id', 32).notNullable();
    table.string('region', 64).notNullable();
    table.string('name', 255).notNullable();
    table.text('row').notNullable().comment('FleetClusterRow as JSON');
    table.primary(['account_id', 'region', 'name']);
  });
  await knex.schema.createTable('eks_fleet_dirty', table => {
    table.comment(
      'Clusters a product action changed since their rows were read',
    );
    table.string('row_key', 400).primary().comment('fleetRowKey');
    table.bigInteger('marked_at').notNullable().comment('ms since the epoch');
  });
  await knex.schema.createTable('eks_fleet_snapshot', table => {
    table.comment('The version of the snapshot: bumped by every write');
    table.integer('id').primary();
    table.bigInteger('version').notNullable();
    table.string('generated_at', 40).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('eks_fleet_snapshot');
  await knex.schema.dropTable('eks_fleet_dirty');
  await knex.schema.dropTable('eks_fleet_clusters');
  await knex.schema.dropTable('eks_fleet_regions');
};
