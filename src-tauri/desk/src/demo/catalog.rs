//! The demo's fixed vocabulary: fictitious companies in several languages, SKUs with indicative
//! USD prices per unit-year, regions and exchange rates. Prices are illustrative, not Microsoft's.

use crate::domain::reservation::ResourceType;

/// A fictitious company: name, domain slug, country.
pub struct Company {
    /// Name as a partner would see it.
    pub name: &'static str,
    /// ASCII slug for the `.onmicrosoft.com` domain.
    pub slug: &'static str,
    /// ISO country code.
    pub country: &'static str,
}

macro_rules! companies {
    ($(($n:literal, $s:literal, $c:literal)),* $(,)?) => {
        &[$(Company { name: $n, slug: $s, country: $c }),*]
    };
}

/// Base names; a larger portfolio adds a numbered branch to repeat them uniquely.
pub const COMPANIES: &[Company] = companies![
    ("Contoso Retail", "contosoretail", "US"),
    ("Fabrikam Manufacturing", "fabrikammfg", "US"),
    ("Northwind Traders", "northwindtraders", "GB"),
    ("上海星云零售有限公司", "xingyunretail", "CN"),
    ("Tailspin Toys", "tailspintoys", "US"),
    ("Müller Logistik GmbH", "muellerlogistik", "DE"),
    ("Woodgrove Bank", "woodgrovebank", "GB"),
    ("北京华信科技有限公司", "huaxintech", "CN"),
    ("Boulangerie Étoile SARL", "boulangerieetoile", "FR"),
    ("Adventure Works Cycles", "adventureworks", "US"),
    ("Litware Inc.", "litware", "US"),
    ("深圳蓝海智能制造有限公司", "lanhaizhizao", "CN"),
    ("Proseware GmbH", "proseware", "DE"),
    ("Wide World Importers", "wideworldimporters", "GB"),
    ("Fourth Coffee", "fourthcoffee", "US"),
    ("Trey Research", "treyresearch", "US"),
    ("Alpine Ski House", "alpineskihouse", "FR"),
    ("杭州云杉数据服务有限公司", "yunshandata", "CN"),
    ("Coho Winery", "cohowinery", "ES"),
    ("Lamna Healthcare", "lamnahealthcare", "NL"),
    ("Margie's Travel", "margiestravel", "GB"),
    ("Relecloud", "relecloud", "US"),
    ("Viñedos del Sur S.L.", "vinedosdelsur", "ES"),
    ("Wingtip Toys", "wingtiptoys", "GB"),
    ("广州南粤物流集团", "nanyuelogistics", "CN"),
    ("VanArsdel Ltd.", "vanarsdel", "NL"),
    ("Humongous Insurance", "humongousinsurance", "US"),
    ("Städtische Werke Nord AG", "stadtwerkenord", "DE"),
    ("Graphic Design Institute", "graphicdesigninst", "GB"),
    ("成都熊猫游戏工作室", "xiongmaogames", "CN"),
    ("Blue Yonder Airlines", "blueyonderairlines", "US"),
    ("Café Lumière SAS", "cafelumiere", "FR"),
];

/// The billing currency a CSP customer in `country` is invoiced in (demo rule).
pub fn currency_for(country: &str) -> &'static str {
    match country {
        "US" => "USD",
        "GB" => "GBP",
        "CN" => "CNY",
        _ => "EUR",
    }
}

/// USD per unit of currency, in ten-thousandths (fixed demo rates).
pub fn usd_rate_e4(currency: &str) -> i64 {
    match currency {
        "EUR" => 10_850,
        "GBP" => 12_700,
        "CNY" => 1_390,
        _ => 10_000,
    }
}

/// Regions the demo uses for a country.
pub fn regions_for(country: &str) -> &'static [&'static str] {
    match country {
        "US" => &["eastus", "eastus2", "westus2", "centralus"],
        "GB" => &["uksouth", "ukwest", "westeurope"],
        "CN" => &["eastasia", "southeastasia"],
        "DE" => &["germanywestcentral", "westeurope"],
        "FR" => &["francecentral", "westeurope"],
        _ => &["westeurope", "northeurope"],
    }
}

/// A reservable SKU with an indicative one-year price per unit, in whole USD.
pub struct Sku {
    /// What it reserves.
    pub resource_type: ResourceType,
    /// SKU name.
    pub name: &'static str,
    /// USD per unit for a one-year term.
    pub usd_per_year: u32,
    /// Largest sensible quantity.
    pub max_quantity: u32,
}

macro_rules! skus {
    ($(($t:ident, $n:literal, $p:literal, $q:literal)),* $(,)?) => {
        &[$(Sku { resource_type: ResourceType::$t, name: $n, usd_per_year: $p, max_quantity: $q }),*]
    };
}

/// The demo catalog.
pub const SKUS: &[Sku] = skus![
    (VirtualMachines, "Standard_D2s_v5", 620, 40),
    (VirtualMachines, "Standard_D4s_v5", 1_240, 30),
    (VirtualMachines, "Standard_D8s_v5", 2_480, 20),
    (VirtualMachines, "Standard_E4s_v5", 1_630, 20),
    (VirtualMachines, "Standard_E16s_v5", 6_520, 8),
    (VirtualMachines, "Standard_F8s_v2", 2_150, 16),
    (VirtualMachines, "Standard_B2ms", 390, 50),
    (VirtualMachines, "Standard_NC6s_v3", 17_900, 4),
    (SqlDatabases, "SQLDB_GP_Compute_Gen5", 1_090, 32),
    (SqlDatabases, "SQLDB_BC_Compute_Gen5", 2_930, 16),
    (SqlDatabases, "SQLMI_GP_Compute_Gen5", 1_150, 24),
    (CosmosDb, "Cosmos_DB_100_RU_s", 50, 400),
    (AppService, "P1v3", 880, 20),
    (AppService, "P2v3", 1_760, 12),
    (AppService, "I1v2", 2_640, 6),
    (DedicatedHost, "DSv5_Type1", 41_800, 3),
    (DedicatedHost, "ESv5_Type1", 47_600, 2),
];

/// Subscription names a customer typically has.
pub const SUBSCRIPTION_NAMES: &[&str] = &[
    "Production",
    "Development",
    "Test",
    "Analytics",
    "Shared Services",
    "Web Platform",
    "Data Platform",
    "Disaster Recovery",
];

/// Resource-group names for resource-group scope.
pub const RESOURCE_GROUPS: &[&str] = &[
    "rg-prod-web",
    "rg-prod-data",
    "rg-erp",
    "rg-analytics",
    "rg-shared-infra",
];

/// The portal's default display-name prefix for a type.
pub fn name_prefix(t: ResourceType) -> &'static str {
    match t {
        ResourceType::VirtualMachines => "VM_RI",
        ResourceType::SqlDatabases => "SQL_RI",
        ResourceType::CosmosDb => "CosmosDB_RI",
        ResourceType::AppService => "AppService_RI",
        ResourceType::DedicatedHost => "DedicatedHost_RI",
        ResourceType::Avs => "AVS_RI",
        ResourceType::RedHat => "RedHat_RI",
        ResourceType::SuseLinux => "SUSE_RI",
    }
}
