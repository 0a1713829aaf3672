/** The plugin API version. Plugins declare the range they need in `engines["zairyu-kiosk"]`. */
export const KERNEL_API_VERSION = '1.1.0';
export const KERNEL_ENGINE_NAME = 'zairyu-kiosk';
